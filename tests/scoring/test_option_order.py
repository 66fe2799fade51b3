"""Each response sees the options in its own order; nothing reads a stage from a position."""

from __future__ import annotations

from scoring import default_framework, score_individual, score_team
from scoring.framework import Framework
from scoring.option_order import LETTERS, letter_of, lettered, option_at, options_in_order
from scoring.reading_time import reading_time

FRAMEWORK = default_framework()


def reversed_options(framework: Framework) -> Framework:
    """The same framework with every question's options written in the opposite order."""
    questions = tuple(
        q.model_copy(update={"options": tuple(reversed(q.options))}) for q in framework.questions
    )
    return framework.model_copy(update={"questions": questions})


def test_the_order_is_stable_for_a_seed_and_differs_between_seeds() -> None:
    orders = {
        seed: [tuple(o.stage for o in options_in_order(q, seed)) for q in FRAMEWORK.questions]
        for seed in ("a1b2", "c3d4")
    }
    assert orders["a1b2"] == [
        tuple(o.stage for o in options_in_order(q, "a1b2")) for q in FRAMEWORK.questions
    ]
    assert orders["a1b2"] != orders["c3d4"]
    # Over fifteen questions, the shuffle does not hand anyone the file's order everywhere.
    assert any(order != (1, 2, 3, 4) for order in orders["a1b2"])


def test_the_order_does_not_depend_on_how_the_file_lists_the_options() -> None:
    flipped = reversed_options(FRAMEWORK)
    for question, same in zip(FRAMEWORK.questions, flipped.questions, strict=True):
        assert options_in_order(question, "seed") == options_in_order(same, "seed")


def test_letters_map_to_the_option_shown_under_them() -> None:
    question = FRAMEWORK.questions[0]
    for letter, option in lettered(question, "seed"):
        assert option_at(question, "seed", letter) == option
        assert letter_of(question, "seed", option.stage) == letter
    assert option_at(question, "seed", "E") is None
    assert [letter for letter, _ in lettered(question, "seed")] == list(LETTERS)


def test_reversing_every_question_s_options_changes_no_result() -> None:
    flipped = reversed_options(FRAMEWORK)
    members = [{q.id: (i + n) % 4 + 1 for n, q in enumerate(FRAMEWORK.questions)} for i in range(5)]
    members[0][FRAMEWORK.questions[3].id] = None  # type: ignore[assignment]
    assert score_individual(FRAMEWORK, members[1]) == score_individual(flipped, members[1])
    assert score_team(FRAMEWORK, members, minimum=3) == score_team(flipped, members, minimum=3)


def test_reading_time_counts_every_prompt_and_option() -> None:
    time = reading_time(FRAMEWORK)
    assert time.words > 15 * 4 * 5
    assert time.minutes == -(-time.seconds // 60)
