"""The privacy sweep's checker: every surface people could see, held against whose data it is.

`sweep(surfaces, truth)` looks at every (surface, viewer) pair the Slack stand-in recorded
(`standin.surfaces`) and reports each breach:

1. Individual content (a person's profile, answered questions, a question showing their choice,
   the form prefilled with their answers, their chart, their history, their Home) is seen only by
   that person, and is that person's own data: the scores must be what `score_individual` gives
   for answers they gave, every shown choice one they made.
2. Surfaces several people see carry no individual content, name nobody (a `<@mention>` or a
   display name) except the run's starter where the bot says who started or may close a run, and
   show scores only as a team result: one from a run that closed with at least the minimum, with
   the respondent count and the figures `score_team` gives for exactly those members' answers;
   from fewer than `DETAIL_MINIMUM` respondents, with no per-option counts and no members' range.
   Role groups ("Where roles see it differently") appear only in a team result: never
   "prefer not to say", never one group alone, none under the minimum, and everyone not in a
   shown group together none or at least the minimum; a person's own role ("You answered as")
   only ever to them, and theirs.
3. A comment is seen by its writer, or in a team report among at least `DETAIL_MINIMUM` comments
   on its dimension, never beside anyone's name or mention.
4. `scan_log` finds secrets (and anything shaped like a Slack token) in a log.

The markers are the bot's own words (bot/messages/*); test_privacy_sweep checks each against the
builder that writes it, so a change of wording there fails loudly instead of blinding the sweep.
`truth` is what the test itself made people answer, never what the bot stored.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot import ids
from bot.messages.roles import ROLE_LABELS
from scoring import (
    Profile,
    Role,
    default_framework,
    format_score,
    score_individual,
    score_team,
)
from scoring.team import DETAIL_MINIMUM
from standin.surfaces import Surface

FRAMEWORK = default_framework()
QUESTIONS = [q.id for q in FRAMEWORK.questions]

# ---- a person's own content (bot/messages/profile.py, conversation.py, form.py, home.py, ...)
PROFILE = "Your Outcome Readiness profile"
"""The profile's header, and the start of the individual chart's title."""
PROFILE_SUMMARY = "Your profile:"
ONLY_YOU = "Only you can see this profile"
LATEST = "Your latest profile"
OWN_HISTORY = "Your assessments"
TEAMS = "Your teams"
"""App Home's Teams section: below it, only the latest team results of the viewer's channels."""
FORM_NOTE = "Only you see your answers."
OWN_CHART_ALT = "Radar chart of scores on"
FORGOTTEN = re.compile(r"I deleted \d+ answers?")
RESUME = re.compile(r"You answered \d+ of \d+ questions")
OWN_ROLE = re.compile(r"You answered as: ([^\n]+)")
INDIVIDUAL_MARKERS = (
    PROFILE,
    PROFILE_SUMMARY,
    ONLY_YOU,
    LATEST,
    OWN_HISTORY,
    FORM_NOTE,
    "You answered as: ",
)
QUESTION = re.compile(rf"Question (\d+) of {len(QUESTIONS)}")
ANSWERED = re.compile(
    rf"Question (\d+) of {len(QUESTIONS)}[^\n]*\n[^\n]*\n✅ \*([ABCD])\.\* ([^\n]+)"
)
ANSWERED_TEXT = re.compile(
    rf"Question (\d+) of {len(QUESTIONS)} · [^:\n]+: you answered ([ABCD])\. ([^\n]+)"
)
CHOSEN = re.compile(r"You answered ([ABCD])\. Pick again")
SHOWN_OPTION = re.compile(r"^\*([ABCD])\.\* ([^\n]+)$", re.MULTILINE)
"""An option as a question message lists it: its letter is the person's own, not a stage."""

REPORT = "Full report: what each stage means for you"
"""A person's full report, in their profile's thread."""

# ---- a team's result (bot/messages/profile.py, schedule.py, bot/report/chart.py)
TEAM_DETAILS = "Team profile details"
"""The first message in a team profile's thread; its full report follows there."""
TEAM_MARKERS = (
    "Team Outcome Readiness profile",
    "Team profile (",
    TEAM_DETAILS,
    "The team agrees on",
    "The team is split on",
    "Worth discussing",
    "Radar chart of the team's mean scores",
)
TEAM_RESPONDENTS = re.compile(
    r"Team Outcome Readiness profile · (\d+) respondents?"
    r"|Team profile \((\d+) respondents?\)"
    r"|(\d+) respondents? · closed"
)
PER_OPTION_COUNT = re.compile(r"\d+ × ")
"""A per-option count as every surface writes it ("2 × Usage evidence", "1 × don't know")."""
MEMBERS_RANGE = re.compile(r"\(members \d|members from \d|\brange \d")
"""The lowest and highest member score: plain text, the chart's alt text, the page."""
CHANNEL_HISTORY = "Team assessments in this channel"
ROLE_GROUP = re.compile(
    "(" + "|".join(re.escape(label) for label in ROLE_LABELS.values()) + r") \((\d+)\)"
)
"""A role group as every surface names it: "CSM / account management (3)"."""
HISTORY_RESULT = re.compile(
    r"Stage \d · (?:[^(\n]+\(|[^(\n]+ — held one stage above [^;\n]+; the score alone \()"
    r"(\d(?:\.\d{1,2})?) / 4\)"
)
"""A history line's score: "Stage 2 · Make it Stick (2.4 / 4)", or with the anchor's cap
named in the same line, "… — held one stage above …; the score alone (3.5 / 4) would be …"."""
HISTORY_RESPONDENTS = re.compile(r"· (\d+) respondents? · Stage \d")

# ---- anywhere
NUMBER = r"(\d(?:\.\d{1,2})?)"
SCORE = re.compile(NUMBER + r" / 4")
OVERALL = re.compile(
    r"Stage \d · [A-Za-z ]+(?:, nearly Stage \d)?\*? \(" + NUMBER + r" / 4\)"
    r"|Stage \d · [A-Za-z ]+ — held one stage above [^;\n]+; the score alone \("
    + NUMBER
    + r" / 4\)"
)
"""An overall score beside its stage, "nearly" the next, or with the anchor's cap named."""
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
STARTER_CONTEXTS = (
    "<@{}> started a team assessment",
    "Team assessment started by <@{}>",
    "until <@{}> extends or cancels it",
    "Only <@{}>",
    "<@{}> cancelled the team assessment",
    "<@{}> extended the team assessment",
)
"""Where the bot names a run's starter to everyone: who started it, who may close it."""
REPORT_LINK = re.compile(r"<(https?://[^|>\s]+/reports/[^|>\s]+)\|")
TOKEN_SHAPES = re.compile(r"xox[a-z]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,}")


def words(text: str) -> str:
    """mrkdwn's escapes as the reader sees them."""
    return html.unescape(text)


@dataclass(frozen=True)
class Figures:
    """A profile as the bot writes it: the overall score and each dimension's, formatted."""

    overall: str | None
    dimensions: Mapping[str, str]

    @classmethod
    def of(cls, profile: Profile) -> Figures:
        return cls(
            overall=format_score(profile.score) if profile.score is not None else None,
            dimensions={
                d.dimension_id: format_score(d.score)
                for d in profile.dimensions
                if d.score is not None
            },
        )


@dataclass
class Truth:
    """What the test made people do: every answer each person gave, and what closed."""

    starter: str
    minimum: int
    answers: dict[str, list[dict[str, int]]] = field(default_factory=dict)
    """Each person's responses, oldest first, unfinished ones too: theirs alone."""
    closed: list[list[dict[str, int]]] = field(default_factory=list)
    """For each team run closed with a profile, the answers of everyone who had finished."""
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The names people know each person by (display name, real name)."""
    roles: dict[str, Role] = field(default_factory=dict)
    """The role each person answered as, where they gave one."""
    comments: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Each person's comments, (dimension id, text): theirs alone, or one of many unsigned."""

    def commented(self, person: str, dimension_id: str, text: str) -> None:
        self.comments.setdefault(person, []).append((dimension_id, text))

    def response(self, person: str) -> dict[str, int]:
        """A new response for `person`; fill it in as they answer."""
        answers: dict[str, int] = {}
        self.answers.setdefault(person, []).append(answers)
        return answers

    def finished(self, person: str) -> list[Figures]:
        return [
            Figures.of(score_individual(FRAMEWORK, a))
            for a in self.answers.get(person, [])
            if len(a) == len(QUESTIONS)
        ]

    def own_history(self, person: str) -> set[str | None]:
        """Every run the person finished, on their own or as a team run's member: their own
        history lists each, scored from their answers alone."""
        return {figures.overall for figures in self.finished(person)}

    def chose(self, person: str, question_id: str, stage: int) -> bool:
        return any(a.get(question_id) == stage for a in self.answers.get(person, []))

    def team_results(self) -> list[tuple[int, Figures]]:
        return [
            (len(c), Figures.of(score_team(FRAMEWORK, c, minimum=self.minimum).profile))
            for c in self.closed
        ]


@dataclass(frozen=True)
class Breach:
    surface: Surface
    viewer: str
    why: str

    def describe(self) -> str:
        excerpt = " ".join(self.surface.text.split())[:160]
        return (
            f"{self.surface.kind} {self.surface.where}/{self.surface.ref} seen by "
            f"{self.viewer}: {self.why} — {excerpt!r}"
        )


@dataclass
class SweepResult:
    tried: int = 0
    breaches: list[Breach] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)
    verified: Counter[str] = field(default_factory=Counter)
    """What was cross-checked and found right: own scores, own choices, team results, ..."""

    @property
    def leaked(self) -> int:
        return len(self.breaches)

    def add(self, other: SweepResult) -> None:
        self.tried += other.tried
        self.breaches += other.breaches
        self.surfaces += other.surfaces
        self.verified += other.verified


# ----------------------------------------------------------------- reading a surface


def dimension_figures(text: str) -> dict[str, str]:
    """Each dimension's score as written beside its name, in any of the bot's layouts:
    "*Name*\\n▰▰▱ 2.5 / 4", "*1. Name* — 2.5 / 4", "Name: 2.5 / 4", "2.5 / 4 · Name"."""
    found: dict[str, str] = {}
    for dimension in FRAMEWORK.dimensions:
        for name in dict.fromkeys((dimension.name, dimension.short_name)):
            escaped = re.escape(name)
            match = re.search(NUMBER + r" / 4 · " + escaped, text) or re.search(
                escaped + r"[^\w]{0,24}?" + NUMBER + r" / 4", text
            )
            if match:
                found[dimension.id] = match.group(1)
                break
    return found


def overall_figures(text: str) -> list[str]:
    return [plain or capped for plain, capped in OVERALL.findall(text)]


def answer_claims(surface: Surface, text: str) -> list[tuple[str, int]]:
    """(question id, stage) for every choice a surface shows as someone's."""
    claims: list[tuple[str, int]] = []
    for pattern in (ANSWERED, ANSWERED_TEXT):
        for number, letter, option_words in pattern.findall(text):
            question = FRAMEWORK.questions[int(number) - 1]
            claims.append((question.id, _stage_of_words(question.id, option_words, letter)))
    chosen, asked = CHOSEN.search(text), QUESTION.search(text)
    if chosen and asked:
        question_id = QUESTIONS[int(asked.group(1)) - 1]
        listed = dict(SHOWN_OPTION.findall(text))
        claims.append((question_id, _stage_of_words(question_id, listed[chosen.group(1)], "")))
    claims += form_claims(surface.content)
    return claims


def _stage_of_words(question_id: str, words: str, letter: str) -> int:
    """The stage of the option shown with `words` (its text or label): the letter beside it
    is the person's own order, so only the words say which option it is."""
    question = FRAMEWORK.question(question_id)
    for option in question.options:
        if words.strip() in (option.text, option.label):
            return option.stage
    raise AssertionError(
        f"the checker misread {question_id}: {words!r} (shown as {letter or '?'}) is none of "
        "its options"
    )


def _radio_stage(question_id: str, option: Mapping[str, Any]) -> int | None:
    """The stage of a radio option of the form ("B. <its text or label>"); None for don't know."""
    text = str((option.get("text") or {}).get("text", ""))
    shown = re.fullmatch(r"([ABCD])\. (.+)", text, flags=re.DOTALL)
    return _stage_of_words(question_id, shown.group(2), shown.group(1)) if shown else None


def form_claims(view: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The choices an all-at-once form shows: prefilled, or picked by the person."""
    claims: list[tuple[str, int]] = []
    for block in view.get("blocks") or []:
        block_id = str(block.get("block_id") or "")
        if block.get("type") != "input" or not block_id.startswith(ids.FORM_BLOCK_PREFIX):
            continue
        initial = (block.get("element") or {}).get("initial_option")
        question_id = block_id.removeprefix(ids.FORM_BLOCK_PREFIX)
        if isinstance(initial, Mapping) and (stage := _radio_stage(question_id, initial)):
            claims.append((question_id, stage))
    values = (view.get("state") or {}).get("values") or {}
    for block_id, actions in values.items():
        if not str(block_id).startswith(ids.FORM_BLOCK_PREFIX):
            continue
        selected = (actions.get(ids.FORM_CHOICE) or {}).get("selected_option")
        question_id = str(block_id).removeprefix(ids.FORM_BLOCK_PREFIX)
        if isinstance(selected, Mapping) and (stage := _radio_stage(question_id, selected)):
            claims.append((question_id, stage))
    return claims


def is_form(surface: Surface) -> bool:
    return any(
        str(b.get("block_id") or "").startswith(ids.FORM_BLOCK_PREFIX)
        for b in surface.content.get("blocks") or []
        if isinstance(b, Mapping)
    )


# ----------------------------------------------------------------- the sweep


@dataclass
class _Problems:
    viewers: frozenset[str]
    found: list[tuple[frozenset[str], str]] = field(default_factory=list)
    verified: Counter[str] = field(default_factory=Counter)

    def everyone(self, why: str) -> None:
        self.found.append((self.viewers, why))

    def all_but(self, owners: Iterable[str], why: str) -> None:
        affected = self.viewers - set(owners)
        if affected:
            self.found.append((affected, why))


def sweep(surfaces: list[Surface], truth: Truth) -> SweepResult:
    """Check every (surface, viewer) pair; the result counts the pairs and lists the breaches."""
    parents = {(s.where, s.ref): s for s in surfaces if s.kind == "message" and s.thread_ts is None}
    result = SweepResult()
    for surface in surfaces:
        result.surfaces[surface.kind] += 1
        problems = _Problems(surface.viewers)
        _check(surface, truth, parents, problems)
        result.verified += problems.verified
        for viewer in sorted(surface.viewers):
            result.tried += 1
            reasons = [why for affected, why in problems.found if viewer in affected]
            if reasons:
                result.breaches.append(Breach(surface, viewer, "; ".join(reasons)))
    return result


def _check(
    surface: Surface,
    truth: Truth,
    parents: Mapping[tuple[str, str], Surface],
    problems: _Problems,
) -> None:
    text = words(surface.text)
    if TEAMS in text:
        text, teams = text.split(TEAMS, 1)
        _teams_section(teams, truth, problems)
    # A profile's thread (its details, its full report over several messages) is a team's or
    # a person's as its parent is.
    parent = parents.get((surface.where, surface.thread_ts or ""))
    parent_text = words(parent.text) if parent is not None else ""
    of_team = parent is not None and _is_team(parent_text)
    of_person = parent is not None and not of_team and _individual(parent, parent_text)
    team = _is_team(text) or of_team
    individual = _individual(surface, text) or of_person
    if of_team and not TEAM_RESPONDENTS.search(text):
        # How many answered is said once, by the parent: the thread's figures are theirs.
        text += "".join(f"\n{m.group(0)}" for m in TEAM_RESPONDENTS.finditer(parent_text))
    shared = len(surface.viewers) > 1
    dims, overalls = dimension_figures(text), overall_figures(text)
    claims = answer_claims(surface, text)

    if individual:
        owners = _owners(truth, dims, claims)
        if shared:
            problems.all_but(owners, "a person's own content where others see it")
        else:
            _own_data(surface, text, truth, dims, overalls, claims, problems)
    if team:
        _team_result(text, truth, dims, overalls, problems)
    _role_groups(text, truth, team=team, shared=shared, problems=problems)
    if individual and not shared:
        _own_role(surface, text, truth, problems)
    if CHANNEL_HISTORY in text:
        _channel_history(text, truth, problems)
    if shared and not (team or individual or CHANNEL_HISTORY in text) and SCORE.search(text):
        problems.everyone("a score where several people see it that is not a team result")
    _comments(surface, text, truth, team, problems)
    _names(surface, text, truth, problems)


def _teams_section(text: str, truth: Truth, problems: _Problems) -> None:
    """App Home's Teams: every overall figure in it is a closed team run's result (which
    channels the viewer may see is the overview test's to check: the truth has no channels)."""
    overalls = overall_figures(text)
    team_overalls = {figures.overall for _, figures in truth.team_results()}
    if any(o not in team_overalls for o in overalls):
        problems.everyone(f"Teams shows overall scores {overalls} that are no team's result")
    elif overalls:
        problems.verified["teams in App Home"] += 1


def _is_team(text: str) -> bool:
    return any(marker in text for marker in TEAM_MARKERS)


def _individual(surface: Surface, text: str) -> bool:
    return (
        any(marker in text for marker in INDIVIDUAL_MARKERS)
        or OWN_CHART_ALT in text
        or bool(FORGOTTEN.search(text) or RESUME.search(text) or QUESTION.search(text))
        or is_form(surface)
    )


def _owners(truth: Truth, dims: Mapping[str, str], claims: list[tuple[str, int]]) -> set[str]:
    """Whose data this is, as far as the figures and choices tell."""
    owners: set[str] = set()
    for person in truth.answers:
        if dims and any(_matches(f, dims) for f in truth.finished(person)):
            owners.add(person)
        if claims and all(truth.chose(person, q, s) for q, s in claims):
            owners.add(person)
    return owners


def _matches(figures: Figures, dims: Mapping[str, str]) -> bool:
    return all(figures.dimensions.get(d) == shown for d, shown in dims.items())


def _own_data(
    surface: Surface,
    text: str,
    truth: Truth,
    dims: Mapping[str, str],
    overalls: list[str],
    claims: list[tuple[str, int]],
    problems: _Problems,
) -> None:
    """A surface only its viewer sees: whatever of a person's it shows must be the viewer's."""
    (viewer,) = surface.viewers or {""}
    mine = truth.finished(viewer)
    whose = sorted(_owners(truth, dims, []) - {viewer})
    someone = f" (they are {', '.join(whose)}'s)" if whose else ""
    if dims and not any(_matches(f, dims) for f in mine):
        problems.everyone(f"dimension scores {dict(dims)} are not the viewer's own{someone}")
    elif dims:
        problems.verified["own dimension scores"] += 1
    if any(o not in {f.overall for f in mine} for o in overalls):
        problems.everyone(f"overall scores {overalls} are not all the viewer's own{someone}")
    elif overalls:
        problems.verified["own overall scores"] += 1
    if OWN_HISTORY in text and any(o not in truth.own_history(viewer) for o in overalls):
        problems.everyone("a history that is not the viewer's own assessments")
    for question_id, stage in claims:
        if not truth.chose(viewer, question_id, stage):
            problems.everyone(f"shows {question_id}={stage}, not an answer the viewer gave")
        else:
            problems.verified["own choices"] += 1
    profile_words = (PROFILE, PROFILE_SUMMARY, ONLY_YOU, LATEST, OWN_CHART_ALT)
    if not mine and any(w in text for w in profile_words):
        problems.everyone("a profile shown to someone who has finished nothing")


def _team_result(
    text: str, truth: Truth, dims: Mapping[str, str], overalls: list[str], problems: _Problems
) -> None:
    results = truth.team_results()
    if not results:
        problems.everyone("team figures before any run closed with the minimum")
        return
    counts = [int(next(g for g in m if g)) for m in TEAM_RESPONDENTS.findall(text)]
    for count in counts:
        if count < truth.minimum:
            problems.everyone(f"a team result from {count} respondents (minimum {truth.minimum})")
    if counts and max(counts) < DETAIL_MINIMUM:
        if PER_OPTION_COUNT.search(text) or MEMBERS_RANGE.search(text):
            problems.everyone(
                f"per-option counts or members' range from {max(counts)} respondents "
                f"(shown only from {DETAIL_MINIMUM})"
            )
        else:
            problems.verified["detail held back"] += 1
    candidates = [f for n, f in results if not counts or n in counts]
    if not candidates:
        problems.everyone(f"a team result from {counts} respondents: no run closed with that")
        return
    if dims and not any(_matches(f, dims) for f in candidates):
        problems.everyone(f"team scores {dict(dims)} are not the closed run's")
    elif dims:
        problems.verified["team scores"] += 1
    if any(o not in {f.overall for f in candidates} for o in overalls):
        problems.everyone(f"team overall {overalls} is not the closed run's")


def _role_groups(text: str, truth: Truth, *, team: bool, shared: bool, problems: _Problems) -> None:
    """Role groups only in a team result, and only as the rule allows: each of at least the
    minimum, none "prefer not to say", never one alone, and the people left over (the team
    minus the groups) none or at least the minimum, so nobody's scores come out by subtraction."""
    shown = dict(ROLE_GROUP.findall(text))
    if not shown:
        return
    if not team:
        if shared:
            problems.everyone(f"role groups {sorted(shown)} where several see no team result")
        return
    undisclosed = ROLE_LABELS[Role.UNDISCLOSED]
    if undisclosed in shown:
        problems.everyone(f"{undisclosed!r} shown as a role group")
    if len(shown) < 2:
        problems.everyone(f"a single role group {sorted(shown)}: the rest are the team minus it")
    sizes = {label: int(count) for label, count in shown.items()}
    for label, size in sizes.items():
        if size < truth.minimum:
            problems.everyone(f"a role group of {size} ({label}; minimum {truth.minimum})")
    counts = [int(next(g for g in m if g)) for m in TEAM_RESPONDENTS.findall(text)]
    totals = counts or [len(c) for c in truth.closed]
    rests = [total - sum(sizes.values()) for total in totals]
    if not any(rest == 0 or rest >= truth.minimum for rest in rests):
        problems.everyone(
            f"role groups leave {min(rests, key=abs)} people over (minimum {truth.minimum}): "
            "the team minus the groups would give their scores"
        )
    else:
        problems.verified["role groups"] += 1


def _own_role(surface: Surface, text: str, truth: Truth, problems: _Problems) -> None:
    """A person's own role, said only to them, and as the role they gave."""
    said = OWN_ROLE.search(text)
    if said is None:
        return
    (viewer,) = surface.viewers or {""}
    given = truth.roles.get(viewer)
    if given is None or ROLE_LABELS[given] != said.group(1).strip():
        problems.everyone(f"a role {said.group(1)!r} that is not the one the viewer gave")
    else:
        problems.verified["own role"] += 1


def _channel_history(text: str, truth: Truth, problems: _Problems) -> None:
    results = truth.team_results()
    for line in text.splitlines():
        scored = HISTORY_RESULT.search(line)
        if not scored:
            continue
        counted = HISTORY_RESPONDENTS.search(line)
        count = int(counted.group(1)) if counted else None
        fits = [f for n, f in results if n == count and n >= truth.minimum]
        if count is None or not any(f.overall == scored.group(1) for f in fits):
            problems.everyone(f"a channel history line that is no closed team result: {line!r}")
        else:
            problems.verified["team history lines"] += 1


def _comments(surface: Surface, text: str, truth: Truth, team: bool, problems: _Problems) -> None:
    """Comments shown to anyone but their writer: only in a team report, at least
    `DETAIL_MINIMUM` on a dimension, and with nobody named on the same surface."""
    only = next(iter(surface.viewers)) if len(surface.viewers) == 1 else None
    shown = [
        (person, dimension_id, said)
        for person, written in truth.comments.items()
        for dimension_id, said in written
        if said in text
    ]
    others = [item for item in shown if item[0] != only]
    if not others:
        if shown:
            problems.verified["own comments"] += 1
        return
    writers = {person for person, _, _ in others}
    if not team:
        problems.all_but(writers, "someone's comment outside a team report")
        return
    per_dimension = Counter(dimension_id for _, dimension_id, _ in shown)
    few = {d: n for d, n in per_dimension.items() if n < DETAIL_MINIMUM}
    if few:
        problems.everyone(f"comments shown from fewer than {DETAIL_MINIMUM}: {few}")
    named = set(MENTION.findall(text)) | {
        person
        for person, names in truth.names.items()
        if any(re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", text) for n in names)
    }
    if named:
        problems.everyone(f"comments beside a name ({', '.join(sorted(named))})")
    if not few and not named:
        problems.verified["team comments"] += 1


def _names(surface: Surface, text: str, truth: Truth, problems: _Problems) -> None:
    only = next(iter(surface.viewers)) if len(surface.viewers) == 1 else None
    for mentioned in set(MENTION.findall(text)):
        if mentioned == only:
            continue
        if mentioned == truth.starter and _starter_context(text, mentioned):
            problems.verified["starter mentions"] += 1
            continue
        problems.all_but({mentioned}, f"names <@{mentioned}>")
    for person, names in truth.names.items():
        if person == only:
            continue
        for name in names:
            if re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", text):
                problems.all_but({person}, f"names {person} as {name!r}")


def _starter_context(text: str, user: str) -> bool:
    """Every mention of the starter is one of the sentences that say who started or may close."""
    allowed = sum(text.count(c.format(user)) for c in STARTER_CONTEXTS)
    return text.count(f"<@{user}>") <= allowed


# ----------------------------------------------------------------- logs


def scan_log(text: str, secrets: Mapping[str, str]) -> tuple[int, list[str]]:
    """(lines searched, breaches): a named secret, or anything shaped like a Slack token."""
    breaches: list[str] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        # The report quotes the line with the secrets cut out: a failure must not print them.
        shown = TOKEN_SHAPES.sub("<token>", line)
        for name, secret in secrets.items():
            shown = shown.replace(secret, f"<{name}>") if secret else shown
        for name, secret in secrets.items():
            if secret and secret in line:
                breaches.append(f"log line {number} holds the {name}: {shown[:200]!r}")
        for token in TOKEN_SHAPES.findall(line):
            if token not in secrets.values():
                breaches.append(f"log line {number} holds a {token[:4]} token: {shown[:200]!r}")
    return len(lines), breaches
