"""Answering through flows as a person would: by the letter an option is shown under in their
own order, never by its stage (nothing they see says which option is which stage)."""

from __future__ import annotations

from collections.abc import Mapping

from flows import conversation
from flows.services import Services
from flows.steps import DONT_KNOW, Ask, Lettered, Shown


def letter_for(options: Lettered, stage: int | None) -> Shown:
    """What a person who means `stage` clicks: the letter of that option (None: don't know)."""
    if stage is None:
        return DONT_KNOW
    return next(letter for letter, option in options if option.stage == stage)


def shown_for(ask: Ask, stage: int | None) -> Shown:
    return letter_for(ask.options, stage)


def form_picks(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    response_id: str,
    stages: int | Mapping[str, int | None],
) -> dict[str, Shown | None]:
    """The form filled in with `stages` (one stage for every question, or by question id), each
    by the letter the form shows it under."""
    form = conversation.form(
        services, workspace_id=workspace_id, user_id=user_id, response_id=response_id
    )
    wanted = (
        dict.fromkeys((q.question.id for q in form.questions), stages)
        if isinstance(stages, int)
        else stages
    )
    return {
        q.question.id: letter_for(q.options, wanted[q.question.id])
        for q in form.questions
        if q.question.id in wanted
    }
