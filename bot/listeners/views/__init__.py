"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from bot import ids
from bot.listeners.guard import reporting_errors
from bot.listeners.views.comments import save_comment
from bot.listeners.views.commitments import save_new_date
from bot.listeners.views.form import submit_form
from bot.listeners.views.plan import save_plan
from bot.listeners.views.workspace_settings import save_settings


def register(app: App) -> None:
    app.view_submission(ids.FORM_VIEW)(reporting_errors(submit_form))
    app.view_submission(ids.SETTINGS_VIEW)(reporting_errors(save_settings))
    app.view_submission(ids.COMMENT_VIEW)(reporting_errors(save_comment))
    app.view_submission(ids.NEW_DATE_VIEW)(reporting_errors(save_new_date))
    app.view_submission(ids.PLAN_VIEW)(reporting_errors(save_plan))
