"""Comments: after a dimension's last question, "What holds us back from the next stage?"

Optional, one per dimension of a response, up to `COMMENT_MAX_LENGTH` characters; written or
changed while the response is unfinished, or after it until its team run closes (a person's
own run stays open to them). A comment is personal data: it is shown back to its writer, and a
team report shows a dimension's comments only without names or roles, shuffled, and only when
at least `TeamComments.minimum` people commented on it (fewer could be told apart by their
words); below that it says how many are held back. The snapshot of a closed run keeps exactly
that: the texts shown, or the count held back, never whose.
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from flows.errors import BadRequest, RunOver
from flows.own_response import own_response
from flows.services import Services
from flows.steps import CommentOffer, DimensionComments, TeamComments
from scoring import Framework
from scoring.framework import Dimension, Question
from scoring.team import DETAIL_MINIMUM
from storage import comments
from storage.models import COMMENT_MAX_LENGTH as COMMENT_MAX_LENGTH
from storage.models import AssessmentRun, Response, RunKind, RunStatus

EMPTY = "Write a comment first, or close this window to leave it as it was."
TOO_LONG = f"A comment can be at most {COMMENT_MAX_LENGTH} characters; nothing was saved."

_TEAM_COMMENTS = TypeAdapter(TeamComments)


class CommentRefused(BadRequest):
    """The comment itself cannot be taken (empty, too long): the person can fix it in place."""


def offer(session: Session, response: Response, dimension: Dimension) -> CommentOffer:
    """The offer to comment on `dimension`, with the person's comment so far."""
    text = comments.comments_of(session, response_id=response.id).get(dimension.id)
    return CommentOffer(response_id=response.id, dimension=dimension, text=text)


def offer_after(
    session: Session, framework: Framework, response: Response, question: Question | None
) -> CommentOffer | None:
    """What the message showing `question` (None: the profile) offers to comment on: the
    dimension just finished, when `question` starts another one or there is none left."""
    if question is None:
        return offer(session, response, framework.dimensions[-1])
    index = framework.questions.index(question)
    if index == 0:
        return None
    before = framework.questions[index - 1]
    if before.dimension == question.dimension:
        return None
    return offer(session, response, framework.dimension(before.dimension))


def comment_offer(
    services: Services, *, workspace_id: str, user_id: str, response_id: str, dimension_id: str
) -> CommentOffer:
    """Opening the comment window: the dimension and what the person wrote so far."""
    with services.database.session() as session:
        response = _own_commentable_response(session, workspace_id, user_id, response_id)
        framework = services.framework_for(response.run.framework_version)
        return offer(session, response, _dimension(framework, dimension_id))


def save_comment(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    response_id: str,
    dimension_id: str,
    text: object,
) -> CommentOffer:
    """Store the person's comment on the dimension (replacing theirs, if any). Refused in words,
    with nothing changed, when it is empty or longer than Slack would have let it be."""
    written = check(text)
    with services.database.session() as session:
        response = _own_commentable_response(session, workspace_id, user_id, response_id)
        framework = services.framework_for(response.run.framework_version)
        dimension = _dimension(framework, dimension_id)
        comments.save_comment(
            session,
            response_id=response.id,
            dimension_id=dimension.id,
            text=written,
            now=services.clock(),
        )
        return CommentOffer(response_id=response.id, dimension=dimension, text=written)


def check(text: object) -> str:
    """The comment as it will be stored (trimmed), or refused."""
    if not isinstance(text, str) or not text.strip():
        raise CommentRefused(EMPTY, log_detail=f"empty comment ({type(text).__name__})")
    written = text.strip()
    if len(written) > COMMENT_MAX_LENGTH:
        raise CommentRefused(TOO_LONG, log_detail=f"comment of {len(written)} characters")
    return written


def own_comments(session: Session, *, response_id: str) -> dict[str, str]:
    return comments.comments_of(session, response_id=response_id)


def team_comments(session: Session, run: AssessmentRun, framework: Framework) -> TeamComments:
    """The run's comments as its team report will show them, at close: per dimension, in the
    framework's order, the texts shuffled by the run's own seed (the same order however often
    it is shown, and nothing to do with who wrote first) when enough people commented."""
    found = comments.completed_comments(session, run_id=run.id)
    minimum = DETAIL_MINIMUM  # as few as the team result's own counts: words tell people apart
    dimensions = []
    for dimension in framework.dimensions:
        texts = found.get(dimension.id, [])
        if not texts:
            continue
        if len(texts) < minimum:
            dimensions.append(DimensionComments(dimension.id, held_back=len(texts)))
            continue
        shuffled = list(texts)
        random.Random(f"{run.id}:{dimension.id}").shuffle(shuffled)
        dimensions.append(DimensionComments(dimension.id, shown=tuple(shuffled)))
    return TeamComments(dimensions=tuple(dimensions), minimum=minimum)


def comments_snapshot(team_comments: TeamComments) -> dict[str, Any]:
    """What a snapshot keeps: per dimension the texts shown or the count held back."""
    dumped: dict[str, Any] = _TEAM_COMMENTS.dump_python(team_comments, mode="json")
    return dumped


def comments_from_snapshot(snapshot: dict[str, Any]) -> TeamComments:
    """A snapshot's comments; none for a snapshot from before comments."""
    stored = snapshot.get("comments")
    return TeamComments() if stored is None else _TEAM_COMMENTS.validate_python(stored)


def _own_commentable_response(
    session: Session, workspace_id: str, user_id: str, response_id: str
) -> Response:
    """The person's response, while a comment on it may still change: its team run is open, or
    it is their own assessment (open, or finished: theirs alone either way)."""
    response = own_response(session, workspace_id, user_id, response_id)
    run = response.run
    if run.status is RunStatus.OPEN:
        return response
    if run.kind is RunKind.INDIVIDUAL and run.status is RunStatus.CLOSED:
        return response
    if run.status is RunStatus.CANCELLED:
        raise RunOver("That assessment was cancelled, so comments on it are no longer taken.")
    raise RunOver("That team assessment has closed, so comments on it are no longer taken.")


def _dimension(framework: Framework, dimension_id: str) -> Dimension:
    try:
        return framework.dimension(dimension_id)
    except KeyError:
        raise BadRequest(
            "That comment is about a dimension this assessment does not have; nothing was saved.",
            log_detail=f"unknown dimension {dimension_id!r}",
        ) from None
