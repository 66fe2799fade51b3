"""Block Kit's published limits, checked the way Slack checks them: pure functions, no I/O.

Slack refuses a message or view that breaks a limit (`invalid_blocks` for messages,
`invalid_arguments` for views) and names each problem with a JSON pointer, e.g.
`[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]`.
The stand-in answers the same way, so a test finds an over-long button label here rather than in
front of a customer. Numbers are from Slack's Block Kit reference (blocks, block elements,
composition objects, view objects).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Surface = Literal["message", "modal", "home"]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_ID = 255  # action_id, block_id, callback_id, external_id

TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})

SELECT_TYPES = frozenset(
    {
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
    }
)
PICKER_TYPES = frozenset({"datepicker", "timepicker", "datetimepicker"})
TEXT_INPUT_TYPES = frozenset(
    {
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "rich_text_input",
        "file_input",
    }
)
SECTION_ACCESSORIES = (
    SELECT_TYPES
    | PICKER_TYPES
    | frozenset({"button", "overflow", "image", "checkboxes", "radio_buttons"})
)
ACTIONS_ELEMENTS = (
    SELECT_TYPES
    | PICKER_TYPES
    | frozenset({"button", "overflow", "checkboxes", "radio_buttons", "rich_text_input"})
)
INPUT_ELEMENTS = (
    SELECT_TYPES | PICKER_TYPES | TEXT_INPUT_TYPES | frozenset({"checkboxes", "radio_buttons"})
)
# Interactive elements: the ones a person can act on, which carry an action_id.
INTERACTIVE_ELEMENTS = (SECTION_ACCESSORIES - {"image"}) | INPUT_ELEMENTS
# Blocks whose content Slack does not validate here beyond their type.
PASS_THROUGH_BLOCKS = frozenset({"rich_text", "file", "video", "context_actions", "table"})


@dataclass(frozen=True)
class Problem:
    """One broken rule, at a JSON pointer into what was sent."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"[ERROR] {self.message} [json-pointer:{self.pointer}]"


def message_problems(
    *, text: object, blocks: object, pointer: str = "", surface: Surface = "message"
) -> list[Problem]:
    """Everything Slack would refuse in a message's `text` and `blocks` (None = not sent)."""
    problems: list[Problem] = []
    if text is not None:
        if not isinstance(text, str):
            problems.append(Problem(f"{pointer}/text", "must be a string"))
        elif len(text) > MAX_MESSAGE_TEXT:
            problems.append(Problem(f"{pointer}/text", _too_long(MAX_MESSAGE_TEXT)))
    if blocks is not None:
        problems += _blocks(blocks, f"{pointer}/blocks", surface, MAX_MESSAGE_BLOCKS)
    return problems


def view_problems(view: object, *, expected_type: Literal["modal", "home"]) -> list[Problem]:
    """Everything Slack would refuse in a view sent to views.open/update/push (modal) or
    views.publish (home)."""
    pointer = "/view"
    if not isinstance(view, Mapping):
        return [Problem(pointer, "must be a view object")]
    problems: list[Problem] = []
    view_type = view.get("type")
    if view_type != expected_type:
        problems.append(Problem(f"{pointer}/type", f"must be '{expected_type}'"))
    surface: Surface = "home" if expected_type == "home" else "modal"
    blocks = view.get("blocks")
    if blocks is None:
        problems.append(Problem(f"{pointer}/blocks", "missing required field: blocks"))
    else:
        problems += _blocks(blocks, f"{pointer}/blocks", surface, MAX_VIEW_BLOCKS)
    if expected_type == "modal":
        if "title" not in view:
            problems.append(Problem(f"{pointer}/title", "missing required field: title"))
        for key in ("title", "submit", "close"):
            if key in view and view[key] is not None:
                problems += _text(view[key], f"{pointer}/{key}", limit=24, plain_only=True)
        has_input = isinstance(blocks, list) and any(
            isinstance(block, Mapping) and block.get("type") == "input" for block in blocks
        )
        if has_input and not view.get("submit"):
            problems.append(
                Problem(f"{pointer}/submit", "a modal with input blocks must have a submit button")
            )
    problems += _string(view.get("private_metadata"), f"{pointer}/private_metadata", 3000)
    problems += _string(view.get("callback_id"), f"{pointer}/callback_id", MAX_ID)
    problems += _string(view.get("external_id"), f"{pointer}/external_id", MAX_ID)
    for key in ("clear_on_close", "notify_on_close"):
        if key in view and not isinstance(view[key], bool):
            problems.append(Problem(f"{pointer}/{key}", "must be a boolean"))
    return problems


def _blocks(blocks: object, pointer: str, surface: Surface, limit: int) -> list[Problem]:
    if not isinstance(blocks, list):
        return [Problem(pointer, "must be an array of blocks")]
    problems: list[Problem] = []
    if len(blocks) > limit:
        problems.append(Problem(pointer, f"must provide at most {limit} items"))
    seen_block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        at = f"{pointer}/{index}"
        if not isinstance(block, Mapping):
            problems.append(Problem(at, "must be a block object"))
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            problems += _string(block_id, f"{at}/block_id", MAX_ID, allow_empty=False)
            if isinstance(block_id, str):
                if block_id in seen_block_ids:
                    problems.append(Problem(f"{at}/block_id", f"duplicate block_id '{block_id}'"))
                seen_block_ids.add(block_id)
        problems += _block(block, at, surface)
    return problems


def _block(block: Mapping[str, Any], at: str, surface: Surface) -> list[Problem]:
    kind = block.get("type")
    if kind == "section":
        return _section(block, at)
    if kind == "header":
        return _text(block.get("text"), f"{at}/text", limit=150, plain_only=True)
    if kind == "divider":
        return []
    if kind == "context":
        return _context(block, at)
    if kind == "actions":
        return _actions(block, at)
    if kind == "image":
        return _image(block, at, title_allowed=True)
    if kind == "input":
        return _input(block, at, surface)
    if kind == "markdown":
        return _string(block.get("text"), f"{at}/text", 12_000, required=True, allow_empty=False)
    if kind in PASS_THROUGH_BLOCKS:
        return []
    return [Problem(f"{at}/type", f"unknown block type '{kind}'")]


def _section(block: Mapping[str, Any], at: str) -> list[Problem]:
    problems: list[Problem] = []
    text, fields = block.get("text"), block.get("fields")
    if text is None and fields is None:
        problems.append(Problem(at, "a section must have text or fields"))
    if text is not None:
        problems += _text(text, f"{at}/text", limit=3000)
    if fields is not None:
        if not isinstance(fields, list) or not fields:
            problems.append(Problem(f"{at}/fields", "must be a non-empty array"))
        else:
            if len(fields) > 10:
                problems.append(Problem(f"{at}/fields", "must provide at most 10 items"))
            for index, field in enumerate(fields):
                problems += _text(field, f"{at}/fields/{index}", limit=2000)
    accessory = block.get("accessory")
    if accessory is not None:
        problems += _element(accessory, f"{at}/accessory", SECTION_ACCESSORIES)
    return problems


def _context(block: Mapping[str, Any], at: str) -> list[Problem]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [Problem(f"{at}/elements", "must be a non-empty array")]
    problems: list[Problem] = []
    if len(elements) > 10:
        problems.append(Problem(f"{at}/elements", "must provide at most 10 items"))
    for index, element in enumerate(elements):
        where = f"{at}/elements/{index}"
        if isinstance(element, Mapping) and element.get("type") == "image":
            problems += _image(element, where, title_allowed=False)
        else:
            problems += _text(element, where, limit=3000)
    return problems


def _actions(block: Mapping[str, Any], at: str) -> list[Problem]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [Problem(f"{at}/elements", "must be a non-empty array")]
    problems: list[Problem] = []
    if len(elements) > 25:
        problems.append(Problem(f"{at}/elements", "must provide at most 25 items"))
    seen: set[str] = set()
    for index, element in enumerate(elements):
        where = f"{at}/elements/{index}"
        problems += _element(element, where, ACTIONS_ELEMENTS)
        action_id = element.get("action_id") if isinstance(element, Mapping) else None
        if isinstance(action_id, str):
            if action_id in seen:
                problems.append(
                    Problem(f"{where}/action_id", f"duplicate action_id '{action_id}' in block")
                )
            seen.add(action_id)
    return problems


def _input(block: Mapping[str, Any], at: str, surface: Surface) -> list[Problem]:
    problems: list[Problem] = []
    if surface == "message":
        problems.append(Problem(at, "input blocks are only allowed in modals and the Home tab"))
    problems += _text(block.get("label"), f"{at}/label", limit=2000, plain_only=True)
    if "hint" in block:
        problems += _text(block.get("hint"), f"{at}/hint", limit=2000, plain_only=True)
    element = block.get("element")
    if element is None:
        problems.append(Problem(f"{at}/element", "missing required field: element"))
    else:
        problems += _element(element, f"{at}/element", INPUT_ELEMENTS)
    for key in ("optional", "dispatch_action"):
        if key in block and not isinstance(block[key], bool):
            problems.append(Problem(f"{at}/{key}", "must be a boolean"))
    return problems


def _image(item: Mapping[str, Any], at: str, *, title_allowed: bool) -> list[Problem]:
    problems: list[Problem] = []
    if item.get("image_url") is None and item.get("slack_file") is None:
        problems.append(Problem(f"{at}/image_url", "missing required field: image_url"))
    problems += _string(item.get("image_url"), f"{at}/image_url", 3000, allow_empty=False)
    problems += _string(item.get("alt_text"), f"{at}/alt_text", 2000, required=True)
    if title_allowed and item.get("title") is not None:
        problems += _text(item.get("title"), f"{at}/title", limit=2000, plain_only=True)
    return problems


def _element(element: object, at: str, allowed: frozenset[str]) -> list[Problem]:
    if not isinstance(element, Mapping):
        return [Problem(at, "must be an element object")]
    kind = element.get("type")
    if kind not in allowed:
        return [Problem(f"{at}/type", f"element type '{kind}' is not allowed here")]
    if kind == "image":
        return _image(element, at, title_allowed=False)
    problems = _string(element.get("action_id"), f"{at}/action_id", MAX_ID, allow_empty=False)
    if "placeholder" in element:
        problems += _text(element.get("placeholder"), f"{at}/placeholder", 150, plain_only=True)
    if "confirm" in element:
        problems += _confirm(element.get("confirm"), f"{at}/confirm")
    if kind == "button":
        problems += _text(element.get("text"), f"{at}/text", limit=75, plain_only=True)
        problems += _string(element.get("value"), f"{at}/value", 2000)
        problems += _string(element.get("url"), f"{at}/url", 3000)
        problems += _string(element.get("accessibility_label"), f"{at}/accessibility_label", 75)
        style = element.get("style")
        if style is not None and style not in ("primary", "danger"):
            problems.append(Problem(f"{at}/style", "must be 'primary' or 'danger'"))
    elif kind in ("static_select", "multi_static_select"):
        problems += _select_options(element, at)
    elif kind == "overflow":
        problems += _options(element.get("options"), f"{at}/options", 5, plain_only=True)
    elif kind in ("radio_buttons", "checkboxes"):
        problems += _options(element.get("options"), f"{at}/options", 10, plain_only=False)
    elif kind == "plain_text_input":
        max_length = element.get("max_length")
        if isinstance(max_length, int) and max_length > 3000:
            problems.append(Problem(f"{at}/max_length", "must be at most 3000"))
    return problems


def _select_options(element: Mapping[str, Any], at: str) -> list[Problem]:
    options, groups = element.get("options"), element.get("option_groups")
    if (options is None) == (groups is None):
        return [Problem(f"{at}/options", "provide exactly one of options and option_groups")]
    if options is not None:
        return _options(options, f"{at}/options", 100, plain_only=True)
    if not isinstance(groups, list) or not groups:
        return [Problem(f"{at}/option_groups", "must be a non-empty array")]
    problems: list[Problem] = []
    if len(groups) > 100:
        problems.append(Problem(f"{at}/option_groups", "must provide at most 100 items"))
    for index, group in enumerate(groups):
        where = f"{at}/option_groups/{index}"
        if not isinstance(group, Mapping):
            problems.append(Problem(where, "must be an option group object"))
            continue
        problems += _text(group.get("label"), f"{where}/label", limit=75, plain_only=True)
        problems += _options(group.get("options"), f"{where}/options", 100, plain_only=True)
    return problems


def _options(options: object, at: str, limit: int, *, plain_only: bool) -> list[Problem]:
    if not isinstance(options, list) or not options:
        return [Problem(at, "must be a non-empty array")]
    problems: list[Problem] = []
    if len(options) > limit:
        problems.append(Problem(at, f"must provide at most {limit} items"))
    for index, option in enumerate(options):
        where = f"{at}/{index}"
        if not isinstance(option, Mapping):
            problems.append(Problem(where, "must be an option object"))
            continue
        problems += _text(option.get("text"), f"{where}/text", limit=75, plain_only=plain_only)
        problems += _string(option.get("value"), f"{where}/value", 150, required=True)
        if "description" in option:
            problems += _text(option.get("description"), f"{where}/description", limit=75)
        problems += _string(option.get("url"), f"{where}/url", 3000)
    return problems


def _confirm(confirm: object, at: str) -> list[Problem]:
    if not isinstance(confirm, Mapping):
        return [Problem(at, "must be a confirmation dialog object")]
    problems = _text(confirm.get("title"), f"{at}/title", limit=100, plain_only=True)
    problems += _text(confirm.get("text"), f"{at}/text", limit=300)
    problems += _text(confirm.get("confirm"), f"{at}/confirm", limit=30, plain_only=True)
    problems += _text(confirm.get("deny"), f"{at}/deny", limit=30, plain_only=True)
    return problems


def _text(item: object, at: str, limit: int, *, plain_only: bool = False) -> list[Problem]:
    """A text composition object: a known type, non-empty text, within `limit` characters."""
    if item is None:
        return [Problem(at, "missing required field: text object")]
    if not isinstance(item, Mapping):
        return [Problem(at, "must be a text object")]
    kind = item.get("type")
    if kind not in TEXT_TYPES:
        return [Problem(f"{at}/type", "must be 'plain_text' or 'mrkdwn'")]
    problems: list[Problem] = []
    if plain_only and kind != "plain_text":
        problems.append(Problem(f"{at}/type", "must be 'plain_text'"))
    text = item.get("text")
    if not isinstance(text, str) or not text:
        problems.append(Problem(f"{at}/text", "must be more than 0 characters"))
    elif len(text) > limit:
        problems.append(Problem(f"{at}/text", _too_long(limit)))
    return problems


def _string(
    value: object, at: str, limit: int, *, required: bool = False, allow_empty: bool = True
) -> list[Problem]:
    if value is None:
        return [Problem(at, f"missing required field: {at.rsplit('/', 1)[-1]}")] if required else []
    if not isinstance(value, str):
        return [Problem(at, "must be a string")]
    if not value and not allow_empty:
        return [Problem(at, "must be more than 0 characters")]
    if len(value) > limit:
        return [Problem(at, _too_long(limit))]
    return []


def _too_long(limit: int) -> str:
    # Slack's own wording for a length limit.
    return f"must be less than {limit + 1} characters"


def interactive_elements(blocks: Iterable[object]) -> Iterable[tuple[Mapping[str, Any], Any]]:
    """Each (block, element) a person can act on, in display order."""
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("type")
        if kind == "actions":
            for element in block.get("elements") or []:
                if isinstance(element, Mapping) and element.get("type") in INTERACTIVE_ELEMENTS:
                    yield block, element
        elif kind == "section":
            accessory = block.get("accessory")
            if isinstance(accessory, Mapping) and accessory.get("type") in INTERACTIVE_ELEMENTS:
                yield block, accessory
        elif kind == "input":
            element = block.get("element")
            if isinstance(element, Mapping):
                yield block, element
