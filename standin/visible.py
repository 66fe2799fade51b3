"""What a person reads on screen, as one string, for assertions like
`assert "Stage 2" in visible_text(message)`.

A message with blocks shows its blocks (its `text` only feeds notifications); without blocks it
shows its `text`. Views show their title, every block's words, input labels and hints, and their
buttons. Shared files show their titles.

Text is the mrkdwn source as sent, markup and escapes included (`*bold*`, `<@U123>`, `&amp;`):
flattened, not rendered, so a test can tell an escaped `&lt;!channel&gt;` a person reads as text
from a real `<!channel>` that would notify everyone, and can assert who was mentioned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from standin.records import Ephemeral, Message, View


def visible_text(item: Message | Ephemeral | View | Mapping[str, Any] | list[Any]) -> str:
    """The words a person sees in a message, ephemeral message, view or list of blocks."""
    lines: list[str] = []
    if isinstance(item, View):
        _view(item.data, lines)
    elif isinstance(item, Message | Ephemeral):
        _message(item.text, item.blocks, lines)
        if isinstance(item, Message):
            lines += [str(f.get("title") or f.get("name") or "") for f in item.files]
    elif isinstance(item, list):
        _blocks(item, lines)
    elif item.get("type") in ("modal", "home"):
        _view(item, lines)
    else:
        _message(item.get("text"), item.get("blocks") or [], lines)
        lines += [str(f.get("title") or f.get("name") or "") for f in item.get("files") or []]
    return "\n".join(line for line in lines if line)


def _message(text: object, blocks: list[Any], lines: list[str]) -> None:
    if blocks:
        _blocks(blocks, lines)
    elif isinstance(text, str):
        lines.append(text)


def _view(view: Mapping[str, Any], lines: list[str]) -> None:
    _text(view.get("title"), lines)
    _blocks(view.get("blocks") or [], lines)
    for key in ("submit", "close"):
        _text(view.get(key), lines)


def _blocks(blocks: Iterable[Any], lines: list[str]) -> None:
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("type")
        if kind in ("section", "header"):
            _text(block.get("text"), lines)
            for field in block.get("fields") or []:
                _text(field, lines)
            _element(block.get("accessory"), lines)
        elif kind in ("context", "actions"):
            for element in block.get("elements") or []:
                if isinstance(element, Mapping) and element.get("type") in ("plain_text", "mrkdwn"):
                    _text(element, lines)
                else:
                    _element(element, lines)
        elif kind == "input":
            _text(block.get("label"), lines)
            _element(block.get("element"), lines)
            _text(block.get("hint"), lines)
        elif kind == "markdown":
            if isinstance(block.get("text"), str):
                lines.append(block["text"])
        elif kind == "rich_text":
            lines.append(_rich_text(block.get("elements") or []))
        elif kind == "image":
            _text(block.get("title"), lines)


def _element(element: object, lines: list[str]) -> None:
    if not isinstance(element, Mapping):
        return
    _text(element.get("text"), lines)
    _text(element.get("placeholder"), lines)
    for option in element.get("options") or []:
        if isinstance(option, Mapping):
            _text(option.get("text"), lines)
            _text(option.get("description"), lines)
    for group in element.get("option_groups") or []:
        if isinstance(group, Mapping):
            _text(group.get("label"), lines)
            for option in group.get("options") or []:
                if isinstance(option, Mapping):
                    _text(option.get("text"), lines)


def _text(item: object, lines: list[str]) -> None:
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        lines.append(item["text"])


def _rich_text(elements: Iterable[Any]) -> str:
    parts: list[str] = []
    for element in elements:
        if not isinstance(element, Mapping):
            continue
        if isinstance(element.get("text"), str):
            parts.append(element["text"])
        if isinstance(element.get("elements"), list):
            parts.append(_rich_text(element["elements"]))
    return "".join(parts)
