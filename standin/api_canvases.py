"""Channel canvases: conversations.canvases.create, canvases.edit, canvases.delete.

A channel has at most one canvas (its tab). The app makes it with conversations.canvases.create
and changes it with canvases.edit; a person may have made it first (`add_channel_canvas`), and a
workspace may be unable to have channel canvases at all (`switch_off_canvases`). The stand-in
keeps each canvas's markdown as people read it, and every version.

The errors are those Slack's method reference lists under "Errors"
(https://docs.slack.dev/reference/methods/<method>; for conversations.canvases.create and
canvases.edit read from the copy of Slack's method descriptions that the slack_kit client ships,
hex.pm/packages/slack_kit 1.0.0-alpha.0, priv/docs/methods/<method>.json; canvases.delete's
from the reference page itself):
- conversations.canvases.create: `channel_canvas_already_exists` ("Channel canvas for the
  specified channel already exists."), `canvas_disabled_user_team` ("Canvas is disabled on
  user's team"), `team_tier_cannot_create_channel_canvases` ("Team tier cannot create channel
  canvases": the free plan), `free_team_canvas_tab_already_exists`, `restricted_action`,
  `canvas_creation_failed`. The reference also says the markdown is limited to 1 MiB (1,048,576
  characters), and that without `document_content` the canvas is created empty.
- canvases.edit: `canvas_not_found` ("The canvas you wish to apply changes to is not
  available."), `canvas_editing_failed` ("The changes to the canvas failed to be applied."),
  `canvas_disabled_user_team`, `restricted_action`.
- canvases.delete: `canvas_not_found` ("does not exist, or is not visible to the calling
  user"), `canvas_deleting_disabled` ("This functionality is disabled."), `restricted_action`.
`channel_not_found` and `not_in_channel` are not in conversations.canvases.create's list; they
are the answers every channel method of Slack gives for a conversation the bot cannot see or is
not in, and the stand-in gives them here as it does for chat.postMessage (a guess on the safe
side: the bot must cope with a refusal either way).

What is not modelled: sections (`section_id`, canvases.sections.lookup), so an edit naming a
section is answered `not_modelled` and recorded, not guessed at; canvas access (canvases.access.*);
the markdown subset a canvas renders (it is kept as sent).
"""

from __future__ import annotations

from typing import Any

from standin.records import Canvas, CanvasVersion
from standin.request import CallContext, Handler
from standin.state import SlackError

MAX_MARKDOWN = 1_048_576
"""conversations.canvases.create: "The markdown content is limited to 1 MiB (1,048,576
characters)"."""

OFF_FREE_PLAN = "team_tier_cannot_create_channel_canvases"
OFF_DISABLED = "canvas_disabled_user_team"
WHOLE_DOCUMENT_OPERATIONS = ("replace", "insert_at_start", "insert_at_end")
SECTION_OPERATIONS = ("insert_after", "insert_before", "delete")


def _markdown(value: Any, where: str) -> str:
    """The markdown of a `document_content` (already checked against Slack's types when it came
    as JSON; a form post's string that is not JSON arrives here undecoded)."""
    if (
        not isinstance(value, dict)
        or value.get("type") != "markdown"
        or not isinstance(value.get("markdown"), str)
    ):
        raise SlackError(
            "invalid_arguments",
            messages=[f'[ERROR] {where} must be {{"type": "markdown", "markdown": "..."}}'],
            violation=True,
        )
    markdown: str = value["markdown"]
    if len(markdown) > MAX_MARKDOWN:
        raise SlackError(
            "invalid_arguments",
            messages=[f"[ERROR] {where}.markdown is longer than {MAX_MARKDOWN} characters"],
            violation=True,
        )
    return markdown


def create_channel_canvas(ctx: CallContext) -> dict[str, Any]:
    state, workspace = ctx.state, ctx.workspace
    channel = state.channel_for_bot(workspace, ctx.args.string("channel_id"))
    state.require_bot_member(workspace, channel)
    off = state.canvases_off.get(workspace.team_id)
    if off is not None:
        raise SlackError(off)
    content = ctx.args.decoded("document_content")
    markdown = "" if content is None else _markdown(content, "document_content")
    if state.channel_canvas(channel.id) is not None:
        raise SlackError("channel_canvas_already_exists")
    canvas = state.create_canvas(
        workspace,
        channel,
        title=ctx.args.string("title") or "",
        markdown=markdown,
        by=workspace.bot_user_id,
    )
    return {"canvas_id": canvas.id}


def _visible_canvas(ctx: CallContext) -> Canvas:
    """The canvas named by `canvas_id`, if the bot can see it: one of its workspace's, in a
    channel it can see (Slack: "does not exist, or is not visible to the calling user")."""
    canvas = ctx.state.canvases.get(ctx.args.string("canvas_id") or "")
    if canvas is None or canvas.deleted or canvas.team_id != ctx.workspace.team_id:
        raise SlackError("canvas_not_found")
    try:
        ctx.state.channel_for_bot(ctx.workspace, canvas.channel_id)
    except SlackError:
        raise SlackError("canvas_not_found") from None
    return canvas


def edit_canvas(ctx: CallContext) -> dict[str, Any]:
    canvas = _visible_canvas(ctx)
    if ctx.state.canvases_off.get(ctx.workspace.team_id) == OFF_DISABLED:
        raise SlackError(OFF_DISABLED)
    changes = ctx.args.decoded("changes")
    if not isinstance(changes, list) or not changes:
        raise SlackError(
            "invalid_arguments",
            messages=["[ERROR] changes must be a non-empty array"],
            violation=True,
        )
    # All changes apply, or none does.
    markdown = canvas.markdown
    applied: list[str] = []
    for index, change in enumerate(changes):
        where = f"changes[{index}]"
        operation = change.get("operation") if isinstance(change, dict) else None
        if not isinstance(change, dict) or operation not in (
            *WHOLE_DOCUMENT_OPERATIONS,
            *SECTION_OPERATIONS,
        ):
            raise SlackError(
                "invalid_arguments",
                messages=[f"[ERROR] {where}.operation is not a canvases.edit operation"],
                violation=True,
            )
        if change.get("section_id") is not None or operation in SECTION_OPERATIONS:
            raise SlackError(
                "not_modelled",
                violation=True,
                detail=f"{where}: canvas sections (section_id) are not modelled by the "
                "stand-in; add them to standin/api_canvases.py if the bot needs them",
            )
        if "document_content" not in change:
            raise SlackError(
                "canvas_editing_failed",
                messages=[f"[ERROR] {where}: {operation} needs document_content"],
                violation=True,
            )
        text = _markdown(change["document_content"], f"{where}.document_content")
        if operation == "replace":
            markdown = text
        elif operation == "insert_at_start":
            markdown = text + ("\n" + markdown if markdown else "")
        else:
            markdown = (markdown + "\n" if markdown else "") + text
        applied.append(str(operation))
    if len(markdown) > MAX_MARKDOWN:
        raise SlackError(
            "canvas_editing_failed",
            messages=[f"[ERROR] the canvas would be longer than {MAX_MARKDOWN} characters"],
            violation=True,
        )
    canvas.markdown = markdown
    canvas.history.append(
        CanvasVersion(
            markdown=markdown,
            by=ctx.workspace.bot_user_id,
            at=ctx.state.clock.now(),
            operation="+".join(applied),
        )
    )
    return {}


def delete_canvas(ctx: CallContext) -> dict[str, Any]:
    canvas = _visible_canvas(ctx)
    if ctx.state.canvases_off.get(ctx.workspace.team_id) == OFF_DISABLED:
        raise SlackError("canvas_deleting_disabled")
    if canvas.created_by != ctx.workspace.bot_user_id:
        # Someone else's canvas: the app may write in it, not take it away from the channel.
        raise SlackError("restricted_action")
    canvas.deleted = True
    return {}


HANDLERS: dict[str, Handler] = {
    "conversations.canvases.create": create_channel_canvas,
    "canvases.edit": edit_canvas,
    "canvases.delete": delete_canvas,
}
