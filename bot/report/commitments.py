"""Last round's commitments in words, wherever the next run shows them: the invitation lists
them with what became of them, the team profile relates them to the change, and the full
report and the printable page give them a section of their own.

Plain text only (no mrkdwn, no mentions): each front end escapes it and adds the owner its own
way. A commitment says nothing anyone answered, so it may be shown to the whole channel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.messages.dates import short_date
from bot.messages.mrkdwn import in_words
from flows.plans import CommitmentView, RoundReview
from scoring import Change, Framework, TeamProfile, Trend, format_score
from storage.models import CommitmentStatus

HEADING = "What we committed to"
"""The section's title in the full report and on the printable page."""

_ORDER = (CommitmentStatus.DONE, CommitmentStatus.OPEN, CommitmentStatus.DROPPED)


def due_text(day: date) -> str:
    """ "Mar 26, 2027"."""
    return short_date(day)


def status_text(commitment: CommitmentView) -> str:
    """What became of a commitment: "✓ Done", "Open, due 12 March 2027", "Dropped"."""
    if commitment.status is CommitmentStatus.DONE:
        return "✓ Done"
    if commitment.status is CommitmentStatus.DROPPED:
        return "Dropped"
    return f"Open, due {due_text(commitment.due_on)}"


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, ending in an ellipsis where it was cut (at a word
    boundary when one is near): the canvas keeps the whole move."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-—") + "…"


def dimension_label(framework: Framework, commitment: CommitmentView) -> str:
    """The dimension a move belongs to, or "Our own move" (also for a dimension a later version
    of the assessment no longer has)."""
    dimension = _dimension_of(framework, commitment)
    return "Our own move" if dimension is None else dimension


def relation_sentences(
    framework: Framework, review: RoundReview, team: TeamProfile, trend: Trend | None
) -> tuple[str, ...]:
    """One sentence per dimension the team committed to moves on, in framework order, saying
    what became of them and how the dimension moved; then the team's own moves, counted.

    "You committed to two Health Scoring moves (both done); Health Scoring went from Stage 2
    (2.0) to Stage 2 (2.5)." With the trend shown as stages only, only stages are compared.
    """
    by_dimension: dict[str, list[CommitmentView]] = {}
    own: list[CommitmentView] = []
    for commitment in review.commitments:
        name = _dimension_of(framework, commitment)
        if name is None or commitment.dimension_id is None:
            own.append(commitment)
        else:
            by_dimension.setdefault(commitment.dimension_id, []).append(commitment)
    sentences = []
    for dimension in framework.dimensions:
        made = by_dimension.get(dimension.id)
        if not made:
            continue
        moves = _count(len(made), f"{dimension.name} move")
        movement = _movement(dimension.name, team, dimension.id, trend)
        sentences.append(f"You committed to {moves} ({outcomes(made)}); {movement}.")
    if own:
        also = "You also committed to" if sentences else "You committed to"
        sentences.append(f"{also} {_count(len(own), 'move')} of your own ({outcomes(own)}).")
    return tuple(sentences)


def outcomes(commitments: Sequence[CommitmentView]) -> str:
    """What became of some commitments, counted: "done", "both done", "all three dropped",
    "none done yet", "one done, two open"."""
    counts = Counter(c.status for c in commitments)
    total = len(commitments)
    if total == 1:
        return commitments[0].status.value
    if counts[CommitmentStatus.OPEN] == total:
        return "none done yet"
    for status in _ORDER:
        if counts[status] == total:
            return f"both {status.value}" if total == 2 else f"all {in_words(total)} {status.value}"
    return ", ".join(f"{in_words(counts[s])} {s.value}" for s in _ORDER if counts[s])


def _count(count: int, thing: str) -> str:
    return f"{in_words(count)} {thing}{'' if count == 1 else 's'}"


def _movement(name: str, team: TeamProfile, dimension_id: str, trend: Trend | None) -> str:
    change = None
    if trend is not None:
        change = next((c for c in trend.dimensions if c.dimension_id == dimension_id), None)
    if team.spread(dimension_id) is None or change is None or change.stage_after is None:
        return f"{name} could not be compared: too few could answer it this time"
    if change.stage_before is None:
        return f"{name} could not be compared: it had no figure last time"
    before = _stage(change.stage_before, change.before, change)
    after = _stage(change.stage_after, change.after, change)
    if before == after:
        return f"{name} stayed at {after}"
    return f"{name} went from {before} to {after}"


def _stage(stage: int, score: Fraction | None, change: Change) -> str:
    """ "Stage 2 (2.5)", or "Stage 2" where only stages are compared."""
    if change.stages_only or score is None:
        return f"Stage {stage}"
    return f"Stage {stage} ({format_score(score)})"


@dataclass(frozen=True)
class CommitmentLine:
    """One commitment as the printable page lists it: never its owner, whom the page cannot
    name (it is read outside Slack) and must not tag."""

    move: str
    dimension: str
    status: str
    done: bool


def commitment_lines(
    framework: Framework, review: RoundReview | None
) -> tuple[CommitmentLine, ...]:
    if review is None:
        return ()
    return tuple(
        CommitmentLine(
            move=c.move,
            dimension=dimension_label(framework, c),
            status=status_text(c),
            done=c.status is CommitmentStatus.DONE,
        )
        for c in review.commitments
    )


def _dimension_of(framework: Framework, commitment: CommitmentView) -> str | None:
    if commitment.dimension_id is None:
        return None
    found = next((d for d in framework.dimensions if d.id == commitment.dimension_id), None)
    return None if found is None else found.name
