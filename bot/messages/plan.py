"""A channel's plan on screen for people: the plan modal (proposed moves, and up to three lines
of move, owner and due date), what `/readiness plan` shows, and reading the modal back.

Block Kit caps an option's text at 75 characters, and a proposed move is longer: the modal
shows each proposal in full, lettered, above the lines, and the select names it by its letter,
its dimension and its first words.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.inbound.payloads import PlanMetadata, PlanMoveRef, PlanRunRef
from bot.messages import Message
from bot.messages.dates import short_date
from bot.messages.mrkdwn import escape, in_words, plural
from flows.plans import PLAN_SIZE, CommitmentView, MoveInput, PlanRound, ProposedMove
from scoring import Framework
from storage.models import MOVE_MAX_LENGTH, CommitmentStatus

OPTION_TEXT_MAX = 75
"""Block Kit's limit on an option's text."""
PROPOSAL = "p:"
"""A select option's value for a proposed move: `p:<ProposedMove.key>`."""
OWN_ON = "d:"
"""An option's value for the team's own move on a dimension: `d:<dimension id>`."""
OWN = "own"
"""An option's value for the team's own move on no dimension."""
DROP = "drop"
"""The option that empties a line showing a commitment (a select cannot be cleared)."""
MOST_LISTED = 20
"""At most this many commitments in `/readiness plan` (the open ones first): a message holds
50 blocks."""
ERROR_MAX = 150
TYPED = "typed"
"""Marks a read line whose words were typed: a problem with the move is shown beside them."""

_LINE_BLOCK = re.compile(
    rf"^{re.escape(ids.PLAN_LINE_PREFIX)}(\d{{1,2}}):"
    rf"({ids.PLAN_MOVE}|{ids.PLAN_WORDS}|{ids.PLAN_OWNER}|{ids.PLAN_DUE})(?::([A-Za-z0-9_.-]{{1,64}}))?$"
)


def letter(index: int) -> str:
    """A, B, ... Z, then AA, AB, ...: how the modal names proposal `index` (from 0)."""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def block_id(line: int, part: str, commitment_id: str | None) -> str:
    """A line's input block: its number, which input, and the commitment it shows, if any."""
    tail = f":{commitment_id}" if commitment_id else ""
    return f"{ids.PLAN_LINE_PREFIX}{line}:{part}{tail}"


# ------------------------------------------------------------------------- the modal


def plan_view(framework: Framework, round_: PlanRound, *, workspace_id: str) -> View:
    """The plan modal: the proposed moves, then one line per open commitment (prefilled) and
    empty lines up to `PLAN_SIZE`."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"Pick up to {in_words(PLAN_SIZE)} moves for the team, or write your own. "
                    "Each needs an owner in this channel and a due date; the owner gets a "
                    "reminder three working days before it."
                )
            )
        )
    ]
    blocks += _proposal_blocks(framework, round_.proposals)
    shown = list(round_.open)
    for line in range(max(PLAN_SIZE, len(shown))):
        blocks.append(DividerBlock())
        blocks += _line_blocks(framework, round_, line, shown[line] if line < len(shown) else None)
    return View(
        type="modal",
        callback_id=ids.PLAN_VIEW,
        title="Plan next moves",
        submit="Save plan",
        close="Cancel",
        private_metadata=PlanMetadata(
            workspace_id=workspace_id, channel_id=round_.channel_id, run_id=round_.run_id
        ).encode(),
        blocks=blocks,
    )


def _proposal_blocks(framework: Framework, proposals: tuple[ProposedMove, ...]) -> list[Block]:
    if not proposals:
        return [
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="The team profile proposes no next moves: write your own below."
                    )
                ]
            )
        ]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="*Proposed moves*"))]
    by_dimension: dict[str, list[tuple[int, ProposedMove]]] = {}
    for index, move in enumerate(proposals):
        by_dimension.setdefault(move.dimension_id, []).append((index, move))
    for dimension_id, moves in by_dimension.items():
        name = framework.dimension(dimension_id).name
        why = "place to start" if moves[0][1].place_to_start else "the team is split here"
        lines = [f"*{escape(name)}* · {why}"]
        lines += [f"*{letter(i)}.* {escape(move.text)}" for i, move in moves]
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:3000])))
    return blocks


def _options(framework: Framework, proposals: tuple[ProposedMove, ...]) -> list[Option]:
    options = [
        Option(
            value=f"{PROPOSAL}{move.key}",
            text=_short(
                f"{letter(i)} · {framework.dimension(move.dimension_id).short_name}: {move.text}",
                OPTION_TEXT_MAX,
            ),
        )
        for i, move in enumerate(proposals)
    ]
    options += [
        Option(
            value=f"{OWN_ON}{dimension.id}",
            text=_short(f"Our own move on {dimension.name}", OPTION_TEXT_MAX),
        )
        for dimension in framework.dimensions
    ]
    options.append(Option(value=OWN, text="Our own move (no dimension)"))
    return options


def _prefill(
    framework: Framework, round_: PlanRound, shown: CommitmentView
) -> tuple[str, str | None]:
    """The option a commitment's line starts on, and the words (None: the proposal says it)."""
    for move in round_.proposals:
        if move.dimension_id == shown.dimension_id and move.text == shown.move:
            return f"{PROPOSAL}{move.key}", None
    known = {d.id for d in framework.dimensions}
    if shown.dimension_id in known:
        return f"{OWN_ON}{shown.dimension_id}", shown.move
    return OWN, shown.move


def _line_blocks(
    framework: Framework, round_: PlanRound, line: int, shown: CommitmentView | None
) -> list[Block]:
    options = _options(framework, round_.proposals)
    cid = shown.id if shown else None
    title = f"*Move {line + 1}*"
    if shown is not None and shown.run_id != round_.run_id:
        title += " · carried over from an earlier plan"
    initial: Option | None = None
    words: str | None = None
    if shown is not None:
        options.append(Option(value=DROP, text="Drop this move"))
        value, words = _prefill(framework, round_, shown)
        initial = next(o for o in options if o.value == value)
    return [
        SectionBlock(text=MarkdownTextObject(text=title)),
        InputBlock(
            block_id=block_id(line, ids.PLAN_MOVE, cid),
            label=PlainTextObject(text="Move"),
            optional=True,
            element=StaticSelectElement(
                action_id=ids.PLAN_CHOICE,
                placeholder=PlainTextObject(text="Pick a proposed move, or your own"),
                options=options,
                initial_option=initial,
            ),
        ),
        InputBlock(
            block_id=block_id(line, ids.PLAN_WORDS, cid),
            label=PlainTextObject(text="In your own words"),
            hint=PlainTextObject(
                text="Optional with a proposed move: what you write here is the move."
            ),
            optional=True,
            element=PlainTextInputElement(
                action_id=ids.PLAN_CHOICE,
                max_length=MOVE_MAX_LENGTH,
                multiline=True,
                initial_value=words,
            ),
        ),
        InputBlock(
            block_id=block_id(line, ids.PLAN_OWNER, cid),
            label=PlainTextObject(text="Owner"),
            optional=True,
            element=UserSelectElement(
                action_id=ids.PLAN_CHOICE,
                placeholder=PlainTextObject(text="Who sees it through"),
                initial_user=shown.owner_id if shown and shown.owner_id else None,
            ),
        ),
        InputBlock(
            block_id=block_id(line, ids.PLAN_DUE, cid),
            label=PlainTextObject(text="Due"),
            optional=True,
            element=DatePickerElement(
                action_id=ids.PLAN_CHOICE,
                placeholder=PlainTextObject(text="Pick a date"),
                initial_date=shown.due_on.isoformat() if shown else None,
            ),
        ),
    ]


# ------------------------------------------------------------------------- reading it back


@dataclass
class ReadPlan:
    """The modal as submitted: its lines for `flows.plans.save_plan`, the block each line's
    fields are in (to show a problem beside the field), and problems found in reading."""

    lines: list[MoveInput] = field(default_factory=list)
    blocks: list[dict[str, str]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def first_block(self) -> str:
        """Where a refusal of the whole plan is shown (the first line's move)."""
        return self.blocks[0][ids.PLAN_MOVE] if self.blocks else block_id(0, ids.PLAN_MOVE, None)

    def errors(self, problems: Mapping[int, Mapping[str, str]]) -> dict[str, str]:
        """`flows.plans.PlanProblems.problems` as the modal's errors, beside each field."""
        errors: dict[str, str] = {}
        for index, found in problems.items():
            if not 0 <= index < len(self.blocks):
                continue
            where = self.blocks[index]
            for what, sentence in found.items():
                part = {"owner": ids.PLAN_OWNER, "due_on": ids.PLAN_DUE}.get(what, ids.PLAN_MOVE)
                if part == ids.PLAN_MOVE and TYPED in where and ids.PLAN_WORDS in where:
                    part = ids.PLAN_WORDS
                if part in where:
                    errors.setdefault(where[part], sentence[:ERROR_MAX])
        return errors or {self.first_block: "Some of the plan needs another look."}


def read_plan(
    values: Mapping[str, Any], framework: Framework, proposals: tuple[ProposedMove, ...]
) -> ReadPlan:
    """The lines as the person left them. A proposal picked with nothing typed is the move;
    words typed win over the proposal; "our own move" needs words; "Drop this move" (or a line
    emptied) drops the commitment the line showed."""
    grouped: dict[int, dict[str, tuple[str, Any]]] = {}
    commitments: dict[int, str] = {}
    for key, state in values.items():
        found = _LINE_BLOCK.match(key) if isinstance(key, str) else None
        if found is None or not isinstance(state, dict):
            continue
        line, part, cid = int(found[1]), found[2], found[3]
        entry = state.get(ids.PLAN_CHOICE)
        grouped.setdefault(line, {})[part] = (key, entry if isinstance(entry, dict) else {})
        if cid:
            commitments[line] = cid
    by_key = {move.key: move for move in proposals}
    known = {d.id for d in framework.dimensions}
    read = ReadPlan()
    for line in sorted(grouped):
        parts = grouped[line]
        where = {part: key for part, (key, _) in parts.items()}
        choice = _selected(parts, ids.PLAN_MOVE)
        typed = _text(parts, ids.PLAN_WORDS)
        owner = _user(parts)
        due = _day(parts)
        if typed:
            where[TYPED] = "yes"
        read.blocks.append(where)
        move, dimension = typed, None
        if choice == DROP or (choice is None and not typed):
            move = ""
            if choice is None and (owner or due) and ids.PLAN_MOVE in where:
                read.problems[where[ids.PLAN_MOVE]] = "Pick a move, or write your own."
        elif choice is not None and choice.startswith(PROPOSAL):
            proposed = by_key.get(choice.removeprefix(PROPOSAL))
            if proposed is None:
                read.problems[where[ids.PLAN_MOVE]] = "That move is not proposed any more."
            else:
                move, dimension = typed or proposed.text, proposed.dimension_id
        elif choice is not None and choice.startswith(OWN_ON):
            dimension = choice.removeprefix(OWN_ON)
            if dimension not in known:
                read.problems[where[ids.PLAN_MOVE]] = "Pick one of the moves listed."
                dimension = None
        elif choice is not None and choice != OWN:
            read.problems[where[ids.PLAN_MOVE]] = "Pick one of the moves listed."
        if choice is not None and choice != DROP and not move and ids.PLAN_WORDS in where:
            read.problems[where[ids.PLAN_WORDS]] = "Write the move in your own words."
        if _raw_date(parts) and due is None:
            read.problems[where[ids.PLAN_DUE]] = "Pick the date it is due."
        read.lines.append(
            MoveInput(
                move=move,
                dimension_id=dimension,
                owner_id=owner,
                due_on=due,
                commitment_id=commitments.get(line),
            )
        )
    return read


def _selected(parts: Mapping[str, tuple[str, Any]], part: str) -> str | None:
    option = parts.get(part, ("", {}))[1].get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def _text(parts: Mapping[str, tuple[str, Any]], part: str) -> str:
    value = parts.get(part, ("", {}))[1].get("value")
    return value.strip() if isinstance(value, str) else ""


def _user(parts: Mapping[str, tuple[str, Any]]) -> str | None:
    value = parts.get(ids.PLAN_OWNER, ("", {}))[1].get("selected_user")
    return value if isinstance(value, str) and re.fullmatch(r"[UW][A-Z0-9]{1,31}", value) else None


def _raw_date(parts: Mapping[str, tuple[str, Any]]) -> object:
    return parts.get(ids.PLAN_DUE, ("", {}))[1].get("selected_date")


def _day(parts: Mapping[str, tuple[str, Any]]) -> date | None:
    raw = _raw_date(parts)
    if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


# ------------------------------------------------------------------------- messages


STATUS_WORDS = {
    CommitmentStatus.OPEN: "open",
    CommitmentStatus.DONE: "done",
    CommitmentStatus.DROPPED: "dropped",
}


def plan_message(framework: Framework, round_: PlanRound) -> Message:
    """What `/readiness plan` shows: each commitment (move, owner, due date, status; carried
    ones marked), Done and Drop on the open ones, and Edit plan."""
    listed = [*round_.carried, *round_.commitments]
    listed.sort(key=lambda c: not c.open)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    "*This channel's plan* · from the team profile of "
                    f"{short_date(round_.closed_at.date(), weekday=True)}"
                )
            )
        )
    ]
    if not listed:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No moves are planned yet.")))
    for number, shown in enumerate(listed[:MOST_LISTED], start=1):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=_commitment_text(framework, round_, number, shown)[:3000]
                )
            )
        )
        if shown.open:
            ref = PlanMoveRef(commitment_id=shown.id).encode()
            blocks.append(
                ActionsBlock(
                    block_id=f"plan_move:{shown.id}",
                    elements=[
                        ButtonElement(
                            text="Done", action_id=ids.PLAN_DONE, value=ref, style="primary"
                        ),
                        ButtonElement(text="Drop", action_id=ids.PLAN_DROP, value=ref),
                    ],
                )
            )
    if len(listed) > MOST_LISTED:
        more = len(listed) - MOST_LISTED
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"And {plural(more, 'more move')}.")])
        )
    label = "Edit plan" if listed else "Plan next moves"
    blocks.append(
        ActionsBlock(
            block_id="plan_edit",
            elements=[
                ButtonElement(
                    text=label,
                    action_id=ids.PLAN_EDIT,
                    value=PlanRunRef(run_id=round_.run_id).encode(),
                )
            ],
        )
    )
    count = len(round_.open)
    summary = f"This channel's plan: {plural(count, 'open move')}."
    return Message.of(summary, *blocks)


def _commitment_text(
    framework: Framework, round_: PlanRound, number: int, shown: CommitmentView
) -> str:
    owner = f"<@{shown.owner_id}>" if shown.owner_id else "no owner"
    facts = [_dimension_name(framework, shown.dimension_id), f"owner {owner}"]
    facts += [f"due {short_date(shown.due_on, weekday=True)}", STATUS_WORDS[shown.status]]
    if shown.run_id != round_.run_id:
        facts.append("carried over from an earlier plan")
    return f"*{number}. {escape(shown.move)}*\n" + " · ".join(facts)


def _dimension_name(framework: Framework, dimension_id: str | None) -> str:
    known = {d.id: d.name for d in framework.dimensions}
    if dimension_id in known:
        return escape(known[dimension_id])
    return "Our own move"


def saved_message(round_: PlanRound) -> Message:
    """The planner's confirmation, in their DM."""
    count = len(round_.open)
    moves = "move" if count == 1 else "moves"
    text = f"Saved: {in_words(count)} {moves} in the plan of <#{round_.channel_id}>."
    if count:
        text += " Each owner gets a reminder three working days before their date."
    lines = [text]
    lines += [
        f"• {escape(c.move)} — {f'<@{c.owner_id}>' if c.owner_id else 'no owner'}, "
        f"due {short_date(c.due_on, weekday=True)}"
        for c in round_.open
    ]
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:3000])))
