"""Block Kit as plain dicts, for the messages built on every click.

slack_sdk's model classes (`slack_sdk.models.blocks`) build an object per block, element and
text, then `to_dict()` walks them all with `dir()`-driven validators: a question message cost
about 4 ms of CPU that way, most of an answer click's budget. These helpers return the dicts
`to_dict()` returns for the same arguments (the same keys and values; only the keys' order
differs, which Slack ignores).

Of the models' checks, these keep the two our own data can reach, as plain `len()` checks
raising the same `SlackObjectFormationError` with the same words: a header's 150 characters and
a section's 3,000. A framework is a file anyone may edit, and a dimension's name has no length
limit: it is in a question's header and in the welcome's list. The rest cannot be reached: every
id in a button's or option's value is at most 64 characters (`bot.inbound.payloads.Id`), button
texts are our own words (a dimension's name in one is cut to `BUTTON_TEXT`), and the counts of
elements are fixed. Whatever Slack would still refuse, the stand-in finds: it checks every
message against Slack's own JSON Schemas.

Named after Block Kit's own objects; only what the converted messages use is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from slack_sdk.errors import SlackObjectFormationError

Json = dict[str, Any]
"""A block, element or composition object as Slack's JSON takes it."""

HEADER_TEXT = 150
SECTION_TEXT = 3000
BUTTON_TEXT = 75
"""The most characters Slack shows on a button: texts that could be longer are cut to it."""


def _within(text: str, limit: int) -> str:
    """`text`, if it fits where slack_sdk's models took it; refused as they refused it."""
    if len(text) > limit:
        raise SlackObjectFormationError(f"text attribute cannot exceed {limit} characters")
    return text


def plain(text: str, *, emoji: bool | None = None) -> Json:
    """A plain_text object (`PlainTextObject`). A string given to a header, button or option
    becomes one with `emoji` set, as `PlainTextObject.from_str` makes it."""
    if emoji is None:
        return {"type": "plain_text", "text": text}
    return {"type": "plain_text", "text": text, "emoji": emoji}


def mrkdwn(text: str, *, verbatim: bool | None = None) -> Json:
    """A mrkdwn text object (`MarkdownTextObject`)."""
    if verbatim is None:
        return {"type": "mrkdwn", "text": text}
    return {"type": "mrkdwn", "text": text, "verbatim": verbatim}


def header(text: str) -> Json:
    return {"type": "header", "text": plain(_within(text, HEADER_TEXT), emoji=True)}


def section(
    text: str | Json, *, block_id: str | None = None, accessory: Json | None = None
) -> Json:
    """A section of text: a string is mrkdwn, as `SectionBlock(text=...)` takes it."""
    shown = mrkdwn(text) if isinstance(text, str) else text
    _within(shown["text"], SECTION_TEXT)
    block: Json = {"type": "section", "text": shown}
    if block_id:
        block["block_id"] = block_id
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(*texts: str | Json) -> Json:
    """A context block of texts; a string is mrkdwn."""
    return {"type": "context", "elements": [mrkdwn(t) if isinstance(t, str) else t for t in texts]}


def divider() -> Json:
    return {"type": "divider"}


def actions(*elements: Json, block_id: str | None = None) -> Json:
    block: Json = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def button(
    text: str,
    *,
    action_id: str,
    value: str | None = None,
    style: Literal["primary", "danger"] | None = None,
) -> Json:
    element: Json = {
        "type": "button",
        "text": plain(text, emoji=True),
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def option(text: str, value: str) -> Json:
    """An option of a select (`Option`, as a block's)."""
    return {"text": plain(text, emoji=True), "value": value}


def static_select(
    *,
    action_id: str,
    placeholder: Json,
    options: Sequence[Json],
    initial_option: Json | None = None,
) -> Json:
    """A static select menu; `placeholder` is a plain_text object (`plain`)."""
    element: Json = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": placeholder,
        "options": list(options),
    }
    if initial_option is not None:
        element["initial_option"] = initial_option
    return element
