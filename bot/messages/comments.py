"""Comments on screen: the "Add a comment" button, its modal, the form's comment inputs, a
person's own comments in their profile, and a team's in its full report.

A comment is the person's own words, so it is never markup: in mrkdwn it is escaped (&, <, >)
and marked verbatim, so `<!channel>`, `<@U123>` or `<https://x|y>` in it reads as written and
never pings anyone or links anywhere, and Slack does not turn a bare address into a link.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.inbound.payloads import CommentRef
from bot.messages.blocks import BUTTON_TEXT, Json, actions, button, context, mrkdwn, section
from bot.messages.mrkdwn import escape, in_words, plural
from flows.comments import COMMENT_MAX_LENGTH
from flows.steps import CommentOffer, DimensionComments, TeamComments
from scoring import Framework

COMMENT_QUESTION = "What holds us back from the next stage?"
COMMENT_NOTE = (
    "Optional, up to 500 characters. The team report shows a dimension's comments without "
    "names, and only once at least five people commented on it."
)
SECTION_LIMIT = 2900
"""Characters of comments in one section (Slack takes 3,000)."""
SECTIONS_PER_DIMENSION = 2
"""Sections of comments per dimension in a Slack message; the rest is in the printable report."""


def held_back_text(count: int, minimum: int) -> str:
    """Why a dimension's comments are not shown: too few to keep their writers unknown."""
    return (
        f"{plural(count, 'comment')} held back: shown from {in_words(minimum)}, so no one can be "
        "recognized by their words."
    )


def comment_buttons(offer: CommentOffer | None) -> list[Json]:
    """The optional comment on the dimension just finished: one button, ignored to skip."""
    if offer is None:
        return []
    name = offer.dimension.name
    label = f"Edit your comment on {name}" if offer.text else f"Add a comment on {name}"
    value = CommentRef(response_id=offer.response_id, dimension_id=offer.dimension.id).encode()
    return [
        actions(
            button(_button_text(label), action_id=ids.COMMENT, value=value), block_id="comment"
        ),
        context(f"{escape(COMMENT_QUESTION)} Optional: skip it by carrying on."),
    ]


def comment_button_blocks(offer: CommentOffer | None) -> list[Block]:
    """`comment_buttons` as slack_sdk's models, for the profile (`bot.messages.profile`) while
    it builds with them."""
    return Block.parse_all(comment_buttons(offer))


def _button_text(label: str) -> str:
    """A button's text is at most 75 characters."""
    return label if len(label) <= BUTTON_TEXT else label[: BUTTON_TEXT - 1] + "…"


def comment_view(offer: CommentOffer) -> View:
    """The comment modal: one optional multiline input, prefilled with the comment so far."""
    return View(
        type="modal",
        callback_id=ids.COMMENT_VIEW,
        title="Your comment",
        submit="Save comment",
        close="Cancel",
        private_metadata=CommentRef(
            response_id=offer.response_id, dimension_id=offer.dimension.id
        ).encode(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(text=f"*{escape(offer.dimension.name)}*", verbatim=True)
            ),
            comment_input(ids.COMMENT_BLOCK, COMMENT_QUESTION, offer.text),
        ],
    )


def comment_input(block_id: str, label: str, text: str | None) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        hint=PlainTextObject(text=COMMENT_NOTE),
        optional=True,
        element=PlainTextInputElement(
            action_id=ids.COMMENT_TEXT,
            multiline=True,
            max_length=COMMENT_MAX_LENGTH,
            initial_value=text or None,
        ),
    )


def form_comment_blocks(dimension_id: str, name: str, text: str | None) -> list[Block]:
    """A dimension's optional comment in the all-at-once form, after its questions."""
    return [
        comment_input(
            f"{ids.FORM_COMMENT_PREFIX}{dimension_id}",
            f"{name}: {COMMENT_QUESTION}"[:2000],
            text,
        )
    ]


def typed_text(state_values: Mapping[str, Any], block_id: str) -> object:
    """What was typed in a comment input (None: the input was left empty or is missing)."""
    actions = state_values.get(block_id)
    entry = actions.get(ids.COMMENT_TEXT) if isinstance(actions, Mapping) else None
    return entry.get("value") if isinstance(entry, Mapping) else None


def form_comments(state_values: Mapping[str, Any]) -> dict[str, str]:
    """The comments typed in the form, dimension id -> text (empty ones left out)."""
    found = {}
    for block_id in state_values:
        if isinstance(block_id, str) and block_id.startswith(ids.FORM_COMMENT_PREFIX):
            text = typed_text(state_values, block_id)
            if isinstance(text, str) and text.strip():
                found[block_id.removeprefix(ids.FORM_COMMENT_PREFIX)] = text
    return found


def quoted(text: str) -> str:
    """A comment in mrkdwn: escaped, each line quoted, so it reads as written."""
    return "\n".join(f">{escape(line)}" for line in text.splitlines() or [""])


def own_comment_blocks(framework: Framework, comments: Mapping[str, str] | None) -> list[Block]:
    """A person's own comments, in their own profile: only ever shown back to them."""
    if not comments:
        return []
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*Your comments* — {escape(COMMENT_QUESTION)}"))
    ]
    for dimension in framework.dimensions:
        text = comments.get(dimension.id)
        if text:
            blocks.append(
                SectionBlock(
                    text=MarkdownTextObject(
                        text=f"*{escape(dimension.name)}*\n{quoted(text)}", verbatim=True
                    )
                )
            )
    return blocks


def team_comment_blocks(said: DimensionComments | None, minimum: int) -> list[Json]:
    """A dimension's comments in a team's full report: unsigned and shuffled, or held back."""
    if said is None:
        return []
    if not said.shown:
        return [context(f"_{escape(held_back_text(said.held_back, minimum))}_")]
    heading = f"*{plural(len(said.shown), 'comment')}* — {escape(COMMENT_QUESTION)} (no names)"
    chunks = list(_chunks([quoted(text) for text in said.shown]))
    kept = chunks[:SECTIONS_PER_DIMENSION]
    blocks = []
    for number, chunk in enumerate(kept):
        lines = ([heading] if number == 0 else []) + chunk
        blocks.append(section(mrkdwn("\n".join(lines), verbatim=True)))
    left = sum(len(chunk) for chunk in chunks[SECTIONS_PER_DIMENSION:])
    if left:
        more = f"{plural(left, 'more comment')}: the printable report shows every one."
        blocks.append(context(escape(more)))
    return blocks


def _chunks(lines: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for line in lines:
        if chunk and size + len(line) + 1 > SECTION_LIMIT:
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        yield chunk


def comments_of(comments: TeamComments | None, dimension_id: str) -> DimensionComments | None:
    return None if comments is None else comments.of(dimension_id)
