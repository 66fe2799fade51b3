"""Which workspace a request is about: one rule, for every listener and both token modes.

A request names workspaces in several places, and they disagree legitimately: in a channel
shared through Slack Connect, `team` is the workspace the interaction came through,
`user.team_id` the person's home workspace, and a modal opened there carries
`view.app_installed_team_id`, the workspace that installed the app. Reading one id for a check
and another for the data let a request be checked against one workspace and act on another.

So the workspace is the installation's, and nothing else: the one bolt authorized the request
with (`context.authorize_result`), or with one configured bot token, the token's own. For an
org-wide Enterprise Grid install it is the request's workspace as bolt resolves it
(`context.team_id`), once the enterprise is the installation's. A request whose workspace (or
enterprise) as bolt resolves it is not the installation's is refused in words before any work.
`user.team_id` never picks data: a person from another workspace acting in a shared channel
acts in the installation's workspace, under their own user id.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.inbound.slack_ids import NOT_UNDERSTOOD
from flows.errors import BadRequest, UserFacingError

WORKSPACE_KEY = "readiness_workspace"
"""The bolt context key of the workspace a request is about, set once it has been judged."""

NOT_INSTALLED = "This app is not installed in your workspace, so nothing was done."


@dataclass(frozen=True)
class Installation:
    """Whom a bot token belongs to: a workspace (in an enterprise, or not), or a whole
    Enterprise Grid org (no workspace of its own)."""

    team_id: str | None
    enterprise_id: str | None

    @property
    def org_wide(self) -> bool:
        """An org-wide install answers for every workspace of its enterprise; Slack gives its
        token no workspace (or the enterprise's id where a workspace id would be)."""
        return bool(self.enterprise_id) and self.team_id in (None, "", self.enterprise_id)

    @classmethod
    def authorized(cls, context: BoltContext) -> Installation | None:
        """The installation bolt authorized the request with; None if it authorized none."""
        result = context.authorize_result
        if result is None:
            return None
        return cls(team_id=result.team_id, enterprise_id=result.enterprise_id)


class TokenOwner:
    """With one configured bot token, the workspace it belongs to, asked of Slack once.

    Bolt's own authorization cannot be used for this: for `app_uninstalled` and `tokens_revoked`
    it takes the ids the request names as the installation, so a request naming another
    workspace would match itself."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._owner: Installation | None = None
        self._lock = threading.Lock()

    def installation(self) -> Installation:
        with self._lock:
            if self._owner is None:
                identity = self._client.auth_test()
                self._owner = Installation(
                    team_id=identity.get("team_id"), enterprise_id=identity.get("enterprise_id")
                )
            return self._owner


def judge(installation: Installation | None, context: BoltContext, body: dict[str, Any]) -> str:
    """The workspace the request is about, or `UserFacingError` if it names one that is not
    the installation's (then nothing may be done with it)."""
    team, enterprise = context.team_id, context.enterprise_id
    if not team:
        # Slack always says where a request comes from; one that does not was not understood.
        raise BadRequest(NOT_UNDERSTOOD, log_detail="no workspace id")
    if installation is None:
        raise _refusal("no installation authorized it")
    if installation.org_wide:
        if enterprise != installation.enterprise_id:
            raise _refusal(f"enterprise {enterprise!s:.20} to the install of org ", installation)
        return team
    if team != installation.team_id:
        raise _refusal(f"workspace {team!s:.20} to the bot of ", installation)
    if enterprise and enterprise != installation.enterprise_id and not _installed_here(body):
        raise _refusal(f"enterprise {enterprise!s:.20} to the bot of ", installation)
    return team


def workspace_of(context: BoltContext) -> str:
    """The workspace the request is about, as judged before any listener ran."""
    workspace = context.get(WORKSPACE_KEY)
    assert isinstance(workspace, str), "the workspace middleware did not run"
    return workspace


def _installed_here(body: dict[str, Any]) -> bool:
    """A modal opened in a shared channel names the installing workspace in
    `view.app_installed_team_id` (bolt reads the workspace from it), while `team` and
    `enterprise` are the person's: their enterprise then says nothing about the installation."""
    view = body.get("view")
    return isinstance(view, dict) and bool(view.get("app_installed_team_id"))


def _refusal(detail: str, installation: Installation | None = None) -> UserFacingError:
    if installation is not None:
        detail += str(installation.team_id or installation.enterprise_id)
    return UserFacingError(NOT_INSTALLED, log_detail=f"a request from {detail}")
