"""The printable page: what a reader needs is on it, it parses, and it fetches nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources

import pytest

from bot.report import ReportData, render_html
from scoring import Agreement, format_score
from tests.bot.report.builders import (
    FRAMEWORK,
    person,
    squash,
    team,
    team_with_previous,
    visible_text,
)
from tests.scoring.builders import answers, everywhere

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
REFERENCING = {"href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "data"}


class _Checker(HTMLParser):
    """Every element closed in order, and every attribute that could fetch something local."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.references += [v or "" for k, v in attrs if k in REFERENCING]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.references += [v or "" for k, v in attrs if k in REFERENCING]

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()


@pytest.fixture(scope="module")
def priya() -> str:
    return render_html(person())


@pytest.fixture(scope="module")
def acme() -> str:
    return render_html(team_with_previous())


@pytest.mark.parametrize("build", [person, team, team_with_previous])
def test_page_parses_with_every_element_closed_and_nothing_fetched(
    build: Callable[[], ReportData],
) -> None:
    page = render_html(build())
    assert page.startswith("<!doctype html>")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.open == []
    assert {"html", "head", "body", "main", "svg", "table"} <= set(checker.tags)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(checker.tags)
    assert all(ref.startswith("#") for ref in checker.references), checker.references
    assert "<script" not in page.lower()
    assert re.findall(r"url\(\s*['\"]?([^#'\"\s])", page) == [], "only url(#local) in CSS/SVG"
    assert "@import" not in page
    assert set(re.findall(r"https?://[^\"'\s)<>]*", page)) <= NAMESPACES
    assert '<meta name="viewport"' in page
    assert "@media print" in page


def test_person_page_has_the_overall_stage_each_score_and_the_anchor_cap(priya: str) -> None:
    text = visible_text(priya)
    # The README's worked example: 3.06 would be Stage 3, held one above the anchor at Stage 1,
    # and the header says so in the same line as the score.
    assert (
        "Stage 2 · Make it Stick — held one stage above Outcome Definition & Success Planning "
        "(Stage 1); the score alone (3.1 / 4) would be Stage 3" in text
    )
    assert squash(FRAMEWORK.stage(2).summary) in text
    assert (
        "The overall stage is never more than one above Outcome Definition & Success Planning, "
        "which is at Stage 1 · Make it Work" in text
    )
    for score in ("1.5 / 4", "3.5 / 4", "3.3 / 4", "4.0 / 4", "2.5 / 4"):
        assert score in text
    for stage in FRAMEWORK.stages:
        if stage.number < 4:
            assert stage.name in text


def test_start_with_the_weakest_dimension_and_its_next_moves(priya: str) -> None:
    text = visible_text(priya)
    assert "Start with Outcome Definition & Success Planning" in text
    for move in FRAMEWORK.dimension("outcomes").stage(1).next_moves:
        assert squash(move) in text


def test_each_dimension_says_what_now_and_next_look_like_and_the_moves(priya: str) -> None:
    text = visible_text(priya)
    profile = person().profile
    for result in profile.dimensions:
        assert result.stage is not None
        dimension = FRAMEWORK.dimension(result.dimension_id)
        assert squash(dimension.stage(result.stage).looks_like) in text
        if result.stage < 4:
            assert squash(dimension.stage(result.stage + 1).looks_like) in text
        for move in dimension.stage(result.stage).next_moves:
            assert squash(move) in text


def test_a_dimension_at_the_top_stage_is_about_sustaining_it() -> None:
    text = visible_text(render_html(person(everywhere(4))))
    assert "Stage 4 · Make it Ours (4.0 / 4)" in text
    assert "This is the top stage" in text
    assert "To sustain it" in text
    assert "Next moves towards" not in text
    for dimension in FRAMEWORK.dimensions:
        assert squash(dimension.stage(4).looks_like) in text
        for move in dimension.stage(4).next_moves:
            assert squash(move) in text


def test_no_cap_note_when_the_anchor_did_not_lower_the_stage() -> None:
    data = person(everywhere(3))
    assert not data.profile.capped_by_anchor
    text = visible_text(render_html(data))
    assert "never more than one above" not in text and "held one stage above" not in text


def test_unassessed_dimensions_and_a_missing_overall_are_said_not_guessed() -> None:
    text = visible_text(render_html(person(answers(onboarding=[3, 3], engagement=[2]))))
    assert "Overall stage: not assessed yet" in text
    assert "Not assessed: no answers to this dimension's questions" in text
    assert "1 of 3 questions answered" in text
    assert "Start with Customer Engagement Model" in text


def test_team_page_has_agreement_ranges_and_counts_never_who(acme: str) -> None:
    text = visible_text(acme)
    data = team_with_previous()
    assert data.team is not None
    assert data.profile.score is not None
    assert f"({format_score(data.profile.score)} / 4)" in text
    labels = {s.agreement for s in data.team.dimensions if s is not None}
    assert labels == {Agreement.ALIGNED, Agreement.SPLIT}
    assert "The team is split on: Health scoring, Renewal." in text
    assert "aligned range 2.0–3.0" in text
    assert "split range 1.0–4.0" in text
    assert "5 respondents" in text
    for question in FRAMEWORK.questions:
        assert squash(question.prompt) in text
    # Every option of every question is listed with how many chose it, most chosen first and
    # ties by label, with no stage beside it.
    renewal_price = FRAMEWORK.question("renewal.price_basis")
    spread = data.team.question("renewal.price_basis")
    listed = sorted(
        ((spread.counts[o.stage - 1], o.label) for o in renewal_price.options),
        key=lambda pair: (-pair[0], pair[1]),
    )
    assert " ".join(f"{label} {count}" for count, label in listed) in text


def test_team_page_lists_the_discussion_prompts_with_their_counts(acme: str) -> None:
    text = visible_text(acme)
    data = team_with_previous()
    assert data.team is not None and data.team.discussion_prompts
    assert "Worth discussing" in text
    for spread in data.team.discussion_prompts:
        question = FRAMEWORK.question(spread.question_id)
        chosen = sorted(
            ((spread.counts[o.stage - 1], o.label) for o in question.options),
            key=lambda pair: (-pair[0], pair[1]),
        )
        shown = " · ".join(f"{count} × {label}" for count, label in chosen if count)
        assert f"{squash(question.prompt)} {shown}" in text


def test_trend_shows_arrows_and_the_earlier_scores(acme: str) -> None:
    text = visible_text(acme)
    data = team_with_previous()
    assert data.trend is not None
    assert "Since previous" in text
    assert "since the previous run" in text
    for change in data.trend.dimensions:
        assert change.before is not None and change.delta is not None
        assert f"was {format_score(change.before)}" in text
    assert "↑" in text or "↓" in text


def test_no_trend_column_without_a_previous_run(priya: str) -> None:
    assert "Since previous" not in visible_text(priya)


def test_footer_has_the_framework_version_and_the_generated_date(priya: str) -> None:
    text = visible_text(priya)
    assert f"framework {FRAMEWORK.version}" in text
    assert "generated Nov 28, 2026, 14:05 UTC" in text


def test_title_is_escaped_not_executed() -> None:
    page = render_html(person(title='Acme <script>alert("x")</script> & co'))
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    assert 'Acme <script>alert("x")</script> & co' in visible_text(page)


def test_same_input_gives_the_same_page() -> None:
    assert render_html(team_with_previous()) == render_html(team_with_previous())


def test_the_chart_is_inline_with_its_alt_text_as_the_accessible_name(acme: str) -> None:
    assert '<div role="img" aria-label="Radar chart of the team' in acme
    assert acme.count("<svg") == 1


def test_a_team_dimension_nobody_answered_renders() -> None:
    members = [{k: v for k, v in m.items() if not k.startswith("expansion.")} for m in TEAM_ALIKE]
    data = team(members)
    assert data.team is not None and data.team.spread("expansion") is None
    text = visible_text(render_html(data))
    assert "No figures: Nobody could answer this, so it is not assessed." in text
    assert "no figures" in text


TEAM_ALIKE = [everywhere(2), everywhere(3)]


def test_the_template_is_package_data_so_it_ships_in_the_wheel() -> None:
    template = resources.files("bot.report").joinpath("templates", "report.html.j2")
    assert template.is_file()
