"""Report inputs built the way the bot builds them: real framework, real scoring, no stand-ins."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from bot.report import ReportData
from scoring import Answers, Profile, default_framework, score_individual, score_team
from tests.scoring.builders import answers, everywhere

FRAMEWORK = default_framework()
GENERATED = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)

PRIYA = answers(
    outcomes=[1, 2, 1, 2],
    onboarding=[3, 4],
    engagement=[3, 4, 3],
    health=[4, 3],
    renewal=[4],
    expansion=[3, 2],
) | {FRAMEWORK.questions_in("renewal")[1].id: None}
"""The README's worked example: overall 3.06 would be Stage 3, held at Stage 2 by the anchor
(Outcome Definition at 1.5); one renewal question answered "don't know"."""

TEAM = [
    everywhere(3) | answers(renewal=[1, 1], health=[1, 2]),
    everywhere(3) | answers(renewal=[4, 4], health=[4, 4]),
    everywhere(3) | answers(renewal=[2, 1], health=[3, 4]),
    everywhere(2) | answers(renewal=[4, 3], health=[1, 1]),
    everywhere(3) | answers(renewal=[2, 3], health=[2, 3]),
]
"""Five people who agree on most things and are split on renewal and health scoring: enough for
the members' range and the per-option counts (`scoring.team.DETAIL_MINIMUM`)."""

TEAM_BEFORE = [everywhere(2), everywhere(2) | answers(renewal=[1, 1]), everywhere(3)]


def person(
    chosen: Answers | None = None,
    *,
    previous: Answers | None = None,
    title: str = "Priya — Outcome Readiness profile",
) -> ReportData:
    return ReportData(
        framework=FRAMEWORK,
        title=title,
        subtitle="Finished Nov 28, 2026",
        generated_at=GENERATED,
        profile=score_individual(FRAMEWORK, PRIYA if chosen is None else chosen),
        previous=score_individual(FRAMEWORK, previous) if previous is not None else None,
        answers=PRIYA if chosen is None else chosen,
    )


def team(
    members: list[dict[str, int]] | None = None, *, previous: Profile | None = None
) -> ReportData:
    result = score_team(FRAMEWORK, TEAM if members is None else members)
    return ReportData(
        framework=FRAMEWORK,
        title="Acme CS team — Team Outcome Readiness profile",
        subtitle=f"{result.respondents} respondents · closed Nov 28, 2026",
        generated_at=GENERATED,
        profile=result.profile,
        team=result,
        previous=previous,
    )


def team_with_previous() -> ReportData:
    return team(previous=score_team(FRAMEWORK, TEAM_BEFORE).profile)


class PageText(HTMLParser):
    """The words a reader sees: text outside <style>, <svg> and <head>. With `breaks`, each of
    those elements starts a new line, so a cell or paragraph can be read on its own."""

    HIDDEN = frozenset({"style", "svg", "head", "script"})

    def __init__(self, breaks: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.breaks = breaks
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.breaks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = PageText()
    parser.feed(page)
    parser.close()
    return squash(" ".join(parser.parts))


def squash(text: str) -> str:
    return " ".join(text.split())
