"""What a message or a view may contain, turned into Slack's answers.

chat.postMessage, chat.update, chat.postEphemeral, response URLs, a slash command's
acknowledgement body and files.completeUploadExternal all carry message content; the views
methods and `response_action` carry views. Each is checked against Slack's own types
(`schema_check.py`: which fields, blocks and elements exist and where) and Block Kit's length
limits (`blockkit.py`), and fails the same way Slack does, naming each place that is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from standin.blockkit import Problem, message_problems, view_problems
from standin.records import JSON
from standin.schema_check import blocks_problems, dotted, view_schema_problems
from standin.state import SlackError


@dataclass
class MessageContent:
    text: str
    blocks: list[JSON] | None
    attachments: list[JSON] | None


def message_content(
    *,
    text: object,
    blocks: object,
    attachments: object = None,
    require_content: bool = True,
    surface_name: str = "message",
) -> MessageContent:
    """Checked message content; `no_text` when there is nothing to show, `msg_too_long` or
    `invalid_blocks` (with Slack's per-problem messages) when a limit is broken."""
    if isinstance(blocks, list) and not blocks:
        blocks = None
    if isinstance(attachments, list) and not attachments:
        attachments = None
    if require_content and not text and blocks is None and attachments is None:
        raise SlackError("no_text", violation=True, detail=f"{surface_name} has no text or blocks")
    problems = message_problems(text=text, blocks=blocks)
    if any(problem.pointer == "/text" for problem in problems):
        raise SlackError("msg_too_long", messages=_strings(problems), violation=True)
    if isinstance(blocks, list):
        problems = _merged(blocks_problems(blocks), problems)
    if problems:
        raise SlackError(
            "invalid_blocks", messages=_strings(problems), violation=True, detail=_where(problems)
        )
    if attachments is not None and not isinstance(attachments, list):
        raise SlackError("invalid_attachments", violation=True)
    return MessageContent(
        text=text if isinstance(text, str) else "",
        blocks=blocks if isinstance(blocks, list) else None,
        attachments=attachments if isinstance(attachments, list) else None,
    )


def checked_view(view: object, *, expected_type: Literal["modal", "home"]) -> JSON:
    """A view that Slack would accept, or `invalid_arguments` naming each problem."""
    problems = view_problems(view, expected_type=expected_type)
    if isinstance(view, Mapping):
        problems = _merged(view_schema_problems(view), problems)
    if problems:
        raise SlackError(
            "invalid_arguments",
            messages=_strings(problems),
            violation=True,
            detail=_where(problems),
        )
    assert isinstance(view, Mapping)
    return dict(view)


def _merged(first: list[Problem], then: list[Problem]) -> list[Problem]:
    """Slack's types' findings, then the length limits', each problem once."""
    return first + [problem for problem in then if problem not in first]


def _where(problems: list[Problem]) -> str:
    """The places named, as a reader writes them: `at blocks[2].accessory.action_id`."""
    return "at " + ", ".join(dict.fromkeys(dotted(problem.pointer) for problem in problems))


def _strings(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]
