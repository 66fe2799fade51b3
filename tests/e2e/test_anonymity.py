"""Counts that cannot single anyone out, through the real HTTP bot and the Slack stand-in.

Two ways a channel could work out one person's answers from what it is shown: with exactly
three respondents, the mean with the lowest and highest member score leaves one possible set
of three scores (the members' own); and two runs of the same three plus one newcomer give the
newcomer's answers by subtracting the two reports' per-option counts (or scores). Each is
checked here on everything the channel looks at: the team profile message, the full report in
its thread, the printable page and the chart's alt text.
"""

from __future__ import annotations

import re
import urllib.request
from fractions import Fraction

from scoring import default_framework, format_score
from standin import SlackDriver, SlackStandIn
from standin.records import Message, StoredFile
from tests.answer_key import page_lines
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, channel_message, seen, take_part

FRAMEWORK = default_framework()
REPORT_LINK = re.compile(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>")
COUNT = re.compile(r"\d+ × ")
"""How a per-option count reads on every surface ("2 × Usage evidence")."""
DETAIL_NOTE = "shown only where at least 5 answered"


def _run(
    standin: SlackStandIn, driver: SlackDriver, team: Team, answers: dict[str, int], runs: int
) -> tuple[str, str, str, str]:
    """Open a run (minimum 3), let `answers` take part (each person the same stage throughout),
    close it: the profile message, its thread's full report, the page and the chart's alt text.
    `runs` is how many team profiles the channel will then have had."""
    driver.slash_command(team.lead, "/readiness", "team min 3", channel_id=team.channel)
    for user, stage in answers.items():
        take_part(standin, driver, user, team.channel, [stage] * QUESTIONS)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(
        standin, team.channel, f"Team Outcome Readiness profile · {len(answers)} respondents"
    )
    text = seen(standin, profile)
    found = REPORT_LINK.search(standin.visible_text(profile))
    assert found, "the team profile links to its printable report"
    with urllib.request.urlopen(found.group(1), timeout=10) as response:
        page = page_lines(response.read().decode())
    return text, _thread_report(standin, team.channel, profile), page, _chart(standin, team, runs)


def _thread_report(standin: SlackStandIn, channel: str, profile: Message) -> str:
    """The profile's whole thread (its details, then the full report over several messages),
    once its last message, with the printable report's link, is there."""

    def whole() -> str | None:
        replies = [seen(standin, m) for m in standin.thread(channel, profile.ts)[1:]]
        return "\n".join(replies) if any("printable report" in r for r in replies) else None

    return standin.wait_for(whole, description="the profile's whole thread")


def _chart(standin: SlackStandIn, team: Team, runs: int) -> str:
    def charts() -> list[StoredFile] | None:
        found = [f for f in standin.files(team.channel) if f.alt_txt]
        return found if len(found) >= runs else None

    return standin.wait_for(charts, description=f"chart {runs}")[-1].alt_txt or ""


def test_three_respondents_show_means_stages_and_agreement_but_no_range_or_counts_and_a_newcomer_cannot_be_subtracted(  # noqa: E501
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    ana, bo, cy, dev = team.members[:4]

    # Run 1: three people, scores 2, 2 and 3 in every dimension.
    text, full, page, alt = _run(standin, driver, team, {ana: 2, bo: 2, cy: 3}, runs=1)
    mean = f"{format_score(Fraction(7, 3))} / 4"
    assert mean in text and mean in alt, "the means are shown"
    assert "Stage 2" in text and "The team agrees on" in full, "stages and agreement too"
    assert DETAIL_NOTE in full and DETAIL_NOTE in page
    everything = "\n".join([text, full, page, alt])
    assert "2.0–3.0" not in everything and "members from" not in alt, "no lowest or highest"
    assert not re.search(r"\brange\b", page)
    assert "shaded band" not in page, "no members' range on the chart"
    assert not COUNT.search(everything), "no per-option counts"
    # The questions worth discussing are still named, without what anyone chose.
    assert "Worth discussing" in full and FRAMEWORK.questions[0].prompt in full

    # Run 2, a month on: the same three and one newcomer. Subtracting the two runs' counts or
    # scores would give the newcomer's answers, so: no counts, and the trend in stages only.
    clock.advance(days=30)
    text, full, page, alt = _run(standin, driver, team, {ana: 3, bo: 3, cy: 3, dev: 4}, runs=2)
    assert f"{format_score(Fraction(13, 4))} / 4" in text
    everything = "\n".join([text, full, page, alt])
    assert not COUNT.search(everything), "no per-option counts"
    # 3.25 against 2.33: Stage 3 from Stage 2, and nowhere the +0.9 between them.
    assert "↑ from Stage 2" in text and "↑ from Stage 2" in page
    assert "+0.9" not in everything and "0.9" not in alt
    assert "Stage 2 in the previous run" in alt and "since the previous run" not in alt
    assert "dashed outline" not in alt, "no previous outline to read the deltas from"
    assert "was 2.3" not in page and "previous run's score" not in page
    assert "only stages are compared" in text and "only stages are compared" in full
