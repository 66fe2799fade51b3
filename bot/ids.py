"""Every action, view and block id the bot uses, in one place.

Slack sends these back on every click and submission; keeping them here means a renamed id cannot
leave a listener waiting for a value no message carries any more.
"""

from __future__ import annotations

from typing import Final

COMMAND: Final = "/readiness"

# Buttons in the DM conversation
START: Final = "assessment_start"
CONTINUE: Final = "assessment_continue"
RESTART: Final = "assessment_restart"
PICK: Final = "question_pick"
BACK: Final = "question_back"
OPEN_FORM: Final = "form_open"
ROLE: Final = "role_pick"
"""The optional role select above the first question."""
COMMENT: Final = "comment_open"
"""The "Add a comment on …" button after a dimension's last question."""

# Buttons on a team invitation
JOIN_TEAM: Final = "team_join"
JOIN_TEAM_FORM: Final = "team_join_form"

# Controls of an open team run (`/readiness status`, an early `/readiness close`, the notice at
# the deadline): who may use them is checked again at the click.
TEAM_CLOSE: Final = "team_close"
TEAM_EXTEND: Final = "team_extend"
TEAM_CANCEL: Final = "team_cancel"
TEAM_KEEP_WAITING: Final = "team_keep_waiting"
"""Dismisses the early-close answer: the run simply stays open."""

# Deleting one's data
FORGET_CONFIRM: Final = "forget_confirm"
FORGET_CANCEL: Final = "forget_cancel"

# The workspace settings modal
SETTINGS_VIEW: Final = "workspace_settings"
SETTINGS_MINIMUM: Final = "settings_minimum"
SETTINGS_DAYS: Final = "settings_days"
SETTINGS_STARTERS: Final = "settings_starters"
SETTINGS_PEOPLE: Final = "settings_people"
SETTINGS_CHOICE: Final = "choice"

# Reminders
STOP_REMINDERS: Final = "reminders_stop"

# A commitment's reminder (its owner's DM, three working days before the due date)
COMMITMENT_DONE: Final = "commitment_done"
COMMITMENT_NOT_YET: Final = "commitment_not_yet"
COMMITMENT_DROP: Final = "commitment_drop"
NEW_DATE_VIEW: Final = "commitment_new_date"
"""The "Not yet" modal: the commitment's new due date."""
NEW_DATE_BLOCK: Final = "new_date"
NEW_DATE_PICK: Final = "date"

# The all-at-once form
FORM_VIEW: Final = "assessment_form"
FORM_BLOCK_PREFIX: Final = "q:"
FORM_CHOICE: Final = "choice"
FORM_ROLE_BLOCK: Final = "role"
"""The form's optional role select (its action id is `FORM_CHOICE`, as a question's)."""
FORM_COMMENT_PREFIX: Final = "c:"
"""The form's optional comment on a dimension: `c:<dimension id>`."""

# The comment modal
COMMENT_VIEW: Final = "comment"
COMMENT_BLOCK: Final = "comment"
COMMENT_TEXT: Final = "text"

# Planning next moves (the team profile's button, `/readiness plan` and the plan modal)
PLAN_OPEN: Final = "plan_open"
"""The "Plan next moves" button on a posted team profile."""
PLAN_EDIT: Final = "plan_edit"
"""The "Edit plan" button on the plan `/readiness plan` shows."""
PLAN_DONE: Final = "plan_done"
PLAN_DROP: Final = "plan_drop"
PLAN_VIEW: Final = "plan"
PLAN_LINE_PREFIX: Final = "plan:"
"""A plan line's input blocks: `plan:<line>:<field>` (`:<commitment id>` when the line shows
one), fields `PLAN_MOVE`, `PLAN_WORDS`, `PLAN_OWNER`, `PLAN_DUE`."""
PLAN_MOVE: Final = "move"
PLAN_WORDS: Final = "words"
PLAN_OWNER: Final = "owner"
PLAN_DUE: Final = "due"
PLAN_CHOICE: Final = "choice"
"""The action id of every input in a plan line (the block id says which)."""

# Results any time (`/readiness history`)
REPORT_LINK: Final = "report_link"
"""The "Report" button on a history entry: a fresh printable report for whoever clicks."""

# A leader's overview of their teams (App Home)
OVERVIEW_COMPARE: Final = "overview_compare"
"""Compare, under App Home's Teams: opens the teams side by side in a modal."""

ACTIONS: Final = (
    START,
    CONTINUE,
    RESTART,
    PICK,
    BACK,
    OPEN_FORM,
    ROLE,
    COMMENT,
    JOIN_TEAM,
    JOIN_TEAM_FORM,
    TEAM_CLOSE,
    TEAM_EXTEND,
    TEAM_CANCEL,
    TEAM_KEEP_WAITING,
    STOP_REMINDERS,
    COMMITMENT_DONE,
    COMMITMENT_NOT_YET,
    COMMITMENT_DROP,
    FORGET_CONFIRM,
    FORGET_CANCEL,
    PLAN_OPEN,
    PLAN_EDIT,
    PLAN_DONE,
    PLAN_DROP,
    REPORT_LINK,
    OVERVIEW_COMPARE,
)
