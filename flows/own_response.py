"""A button or form names a response by its id; only the person it belongs to may act on it.

Ids travel in Slack payloads, which a person can edit: every flow that acts on a response looks it
up through here, so a click on someone else's response is refused the same way everywhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from flows.errors import BadRequest
from storage import responses
from storage.errors import NotFound
from storage.models import Response


def own_response(session: Session, workspace_id: str, user_id: str, response_id: str) -> Response:
    """The response `response_id`, if it is `user_id`'s in `workspace_id`; refused otherwise."""
    try:
        response: Response | None = responses.get_response(
            session, workspace_id=workspace_id, response_id=response_id
        )
    except NotFound:
        response = None
    if response is None or response.user_id != user_id:
        raise BadRequest(
            "That button belongs to someone else's assessment, so nothing was changed.",
            log_detail=f"response {response_id} is not {user_id}'s in {workspace_id}",
        )
    return response
