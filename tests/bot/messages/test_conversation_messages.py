"""The question message, its collapsed form and the all-at-once form, built without Slack: the
options in the response's own order under letters, and "don't know" apart from them."""

from __future__ import annotations

import json

from bot import ids
from bot.messages.conversation import answered_message, question_message
from bot.messages.form import form_view
from flows.steps import DONT_KNOW, Answered, Ask, Form, FormQuestion
from scoring import default_framework, lettered
from standin import visible_text

FRAMEWORK = default_framework()
QUESTION = FRAMEWORK.questions[2]
DIMENSION = FRAMEWORK.dimension(QUESTION.dimension)
SEED = "5eed5eed5eed5eed"
OPTIONS = lettered(QUESTION, SEED)


def _ask(chosen: int | object | None) -> Ask:
    return Ask("r1", QUESTION, DIMENSION, 3, 15, chosen=chosen, options=OPTIONS)  # type: ignore[arg-type]


def test_options_are_shown_in_the_responses_order_and_picked_by_letter() -> None:
    message = question_message(_ask(None))
    blocks = message.blocks
    shown = [b for b in blocks if str(b.get("block_id", "")).startswith("option_")]
    assert [b["block_id"] for b in shown] == ["option_A", "option_B", "option_C", "option_D"]
    for block, (letter, option) in zip(shown, OPTIONS, strict=True):
        assert block["text"]["text"].startswith(f"*{letter}.* ")
        assert option.text.split()[0] in block["text"]["text"]
        assert json.loads(block["accessory"]["value"]) == {"r": "r1", "q": QUESTION.id, "c": letter}


def test_dont_know_is_a_button_of_its_own_under_a_divider() -> None:
    blocks = question_message(_ask(None)).blocks
    at = next(i for i, b in enumerate(blocks) if b.get("block_id") == "dont_know")
    assert blocks[at - 1]["type"] == "divider" and blocks[at]["type"] == "actions"
    button = blocks[at]["elements"][0]
    assert button["action_id"] == ids.PICK and button["text"]["text"] == "Don't know / not my area"
    assert json.loads(button["value"]) == {"r": "r1", "q": QUESTION.id, "c": "dont_know"}
    assert "Counts as not answered" in blocks[at + 1]["elements"][0]["text"]


def test_coming_back_names_the_answer_as_it_was_shown() -> None:
    letter, option = OPTIONS[2]
    text = visible_text(question_message(_ask(option.stage)).blocks)
    assert f"You answered {letter}." in text and f"✓ {letter}" in text
    unknown = visible_text(question_message(_ask(DONT_KNOW)).blocks)
    assert "You answered “Don't know / not my area”." in unknown
    assert "✓ Don't know / not my area" in unknown


def test_the_collapsed_message_names_the_letter_shown_or_says_dont_know() -> None:
    letter, option = OPTIONS[1]
    chosen = answered_message(Answered(QUESTION, DIMENSION, 3, 15, option.stage, OPTIONS, None))
    assert f"✅ *{letter}.* " in visible_text(chosen.blocks)
    assert chosen.text.endswith(f"you answered {letter}. {option.label}")
    unknown = answered_message(Answered(QUESTION, DIMENSION, 3, 15, DONT_KNOW, OPTIONS, None))
    assert "Don't know / not my area" in visible_text(unknown.blocks)
    assert "not scored" in unknown.text


def test_the_form_shows_the_same_order_with_letters_and_dont_know_prefilled() -> None:
    questions = tuple(
        FormQuestion(q, n, lettered(q, SEED), DONT_KNOW if q is QUESTION else None)
        for n, q in enumerate(FRAMEWORK.questions, start=1)
    )
    view = form_view(Form("r1", FRAMEWORK, questions)).to_dict()
    block = next(b for b in view["blocks"] if b.get("block_id") == f"q:{QUESTION.id}")
    options = block["element"]["options"]
    assert [o["value"] for o in options] == ["A", "B", "C", "D", "dont_know"]
    # Each option's full text, once, as its radio text (its label only where that is too long).
    assert [o["text"]["text"] for o in options[:4]] == [
        f"{x}. {o.text}" if len(f"{x}. {o.text}") <= 75 else f"{x}. {o.label}" for x, o in OPTIONS
    ]
    assert options[4]["description"]["text"] == "Not scored: counts as not answered."
    assert block["element"]["initial_option"]["value"] == "dont_know"
