"""For any answers anyone could give, the page's content and the alt text hold together.

Rendering a chart takes a fraction of a second, so the properties are checked on the parts that
hold the logic (the page's content and the alt text) rather than on rendered images.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.report import ReportData, alt_text
from bot.report.view import page_view
from scoring import score_individual, score_team
from tests.bot.report.builders import FRAMEWORK, GENERATED

QUESTION_IDS = [q.id for q in FRAMEWORK.questions]
partial_answers = st.dictionaries(st.sampled_from(QUESTION_IDS), st.integers(1, 4))
teams = st.lists(partial_answers, min_size=1, max_size=8)


@settings(max_examples=60)
@given(teams, st.none() | teams)
def test_any_team_gives_a_complete_page_and_short_alt_text(
    members: list[dict[str, int]], earlier: list[dict[str, int]] | None
) -> None:
    team = score_team(FRAMEWORK, members)
    data = ReportData(
        framework=FRAMEWORK,
        title="t",
        subtitle="s",
        generated_at=GENERATED,
        profile=team.profile,
        team=team,
        previous=score_team(FRAMEWORK, earlier).profile if earlier is not None else None,
    )
    assert len(alt_text(data)) <= 1000
    page = page_view(data)
    assert len(page.dimensions) == len(FRAMEWORK.dimensions)
    for view, result in zip(page.dimensions, data.profile.dimensions, strict=True):
        assert view.assessed == result.assessed
        assert bool(view.next_moves) == result.assessed
        assert bool(view.agreement) == (team.spread(result.dimension_id) is not None)
        assert len(view.questions) == len(FRAMEWORK.questions_in(result.dimension_id))
    weakest = data.profile.place_to_start
    if weakest is None:
        assert page.start_with is None
    else:
        assert weakest.stage is not None and page.start_with is not None
        dimension = FRAMEWORK.dimension(weakest.dimension_id)
        assert page.start_with.name == dimension.name
        assert page.start_with.next_moves == dimension.stage(weakest.stage).next_moves
    assert bool(page.cap_note) == data.profile.capped_by_anchor


@given(partial_answers)
def test_any_person_gives_alt_text_naming_every_dimension(answers: dict[str, int]) -> None:
    data = ReportData(
        framework=FRAMEWORK,
        title="t",
        subtitle="s",
        generated_at=GENERATED,
        profile=score_individual(FRAMEWORK, answers),
    )
    text = alt_text(data)
    assert len(text) <= 1000
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in text
