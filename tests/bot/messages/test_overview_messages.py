"""The overview's builders: App Home's Teams, the Compare modal, the `/readiness compare` reply
and the printable comparison show each team as its posted profile did, within Block Kit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages.home import home_view
from bot.messages.overview import (
    TEAMS_SHOWN,
    compare_message,
    compare_view,
    teams_section,
)
from bot.report.compare import STAGES_ONLY_NOTE, comparison_png, render_comparison
from bot.report.compare_chart import MOST_TEAMS
from bot.report.links import Link
from bot.report.samples import _NOW, _SIX_MONTHS_AGO, _answers
from flows.overview import Overview, TeamOverview
from scoring import default_framework, score_team
from standin import message_problems, view_problems, visible_text

FRAMEWORK = default_framework()
CLOSED = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)
NEXT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
PAGE = Link(url="https://bot.example/reports/abc", expires_at=datetime(2026, 12, 7, tzinfo=UTC))


def _team(
    channel_id: str, name: str, *, membership_change: int = 0, minimum: int = 3, previous: bool
) -> TeamOverview:
    team = score_team(
        FRAMEWORK,
        [_answers(FRAMEWORK, m) for m in _NOW],
        minimum=minimum,
        membership_change=membership_change,
    )
    before = score_team(FRAMEWORK, [_answers(FRAMEWORK, m) for m in _SIX_MONTHS_AGO], minimum=3)
    return TeamOverview(
        channel_id=channel_id,
        channel_name=name,
        run_id=f"run-{channel_id}",
        closed_at=CLOSED,
        team=team,
        previous=before.profile if previous else None,
        framework=FRAMEWORK,
        next_run_at=NEXT if channel_id == "CA" else None,
    )


def _overview(*teams: TeamOverview, without: tuple[str, ...] = ()) -> Overview:
    return Overview(teams=teams, without_profile=without)


def test_teams_show_stage_score_change_and_next_run_and_compare_for_two() -> None:
    overview = _overview(_team("CA", "alpha", previous=True), _team("CB", "beta", previous=False))
    view = home_view(FRAMEWORK, [], [], teams=teams_section(overview))
    assert view_problems(view, expected_type="home") == []
    text = visible_text(view)
    assert "<#CA>" in text and "<#CB>" in text
    assert "Stage 2 · Make it Stick" in text
    assert "↑ +" in text  # alpha's change since its previous run, with scores
    assert "next run opens" in text and "no run scheduled" in text
    assert "Compare" in text


def test_a_trend_shown_by_stage_only_stays_so() -> None:
    # Two people joined or left, fewer than the minimum of three: the profile showed stages only.
    overview = _overview(_team("CA", "alpha", membership_change=2, previous=True))
    text = visible_text(teams_section(overview))
    assert "↑ +" not in text and "from Stage" in text
    assert STAGES_ONLY_NOTE in text
    page = render_comparison(overview)
    assert "+0." not in page and "from Stage" in page


def test_a_withheld_dimension_shows_no_score_anywhere() -> None:
    team = _team("CA", "alpha", minimum=7, previous=False)  # six answered: all withheld
    assert all(d.score is None for d in team.profile.dimensions)
    text = visible_text(teams_section(_overview(team)))
    assert "/ 4" not in text and "too few answers to show" in text


def test_one_team_has_no_compare_button_and_many_stay_within_home_limits() -> None:
    one = visible_text(teams_section(_overview(_team("CA", "a", previous=True))))
    assert "Compare" not in one
    many = [_team(f"C{n:03}", f"team-{n}", previous=True) for n in range(TEAMS_SHOWN + 5)]
    view = home_view(FRAMEWORK, [], [], teams=teams_section(_overview(*many)))
    assert view_problems(view, expected_type="home") == []
    assert "…and 5 more teams" in visible_text(view)


def test_compare_modal_with_a_chart_or_meters_within_block_kit() -> None:
    teams = [_team(f"C{n}", f"team-{n}", previous=True) for n in range(MOST_TEAMS + 2)]
    charted = compare_view(_overview(*teams), chart_url=PAGE.url + ".png", page=PAGE).to_dict()
    assert view_problems(charted, expected_type="modal") == []
    assert [b["type"] for b in charted["blocks"]].count("image") == 1
    text = visible_text(charted)
    assert "Printable comparison" in text and f"Showing {MOST_TEAMS} of {MOST_TEAMS + 2}" in text
    assert "blue, solid" in text

    plain = compare_view(_overview(*teams[:2]), chart_url=None, page=None).to_dict()
    assert view_problems(plain, expected_type="modal") == []
    text = visible_text(plain)
    assert "image" not in [b["type"] for b in plain["blocks"]]
    assert "▰" in text and "Outcome Definition" in text and "Printable" not in text


def test_compare_reply_names_refused_channels_without_showing_them() -> None:
    overview = _overview(_team("CA", "alpha", previous=True), without=("CNEW",))
    reply = compare_message(
        overview, chart_url=None, page=None, refused=["CSECRET"], unresolved=["#nowhere"]
    )
    assert message_problems(text=reply.text, blocks=reply.blocks) == []
    text = visible_text(reply.blocks)
    assert "Not shown: <#CSECRET>" in text and "you are not in it" in text
    assert "No team profile yet in <#CNEW>" in text
    assert "`#nowhere`" in text
    assert text.count("CSECRET") == 1

    nothing = compare_message(_overview(), chart_url=None, page=None)
    assert "None of your channels has a team profile yet" in nothing.text


def test_the_printable_comparison_names_each_channel_and_draws_one_outline_each() -> None:
    overview = _overview(_team("CA", "alpha", previous=True), _team("CB", "beta", previous=False))
    page = render_comparison(overview)
    assert "#alpha" in page and "#beta" in page and page.count("<svg") == 1
    png = comparison_png(overview)
    assert png is not None and png.startswith(b"\x89PNG")
