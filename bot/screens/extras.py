"""What follows a posted profile: its radar chart, then the full report in the profile's
thread. Extras: if Slack refuses them, the profile still stands (and is not posted again)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.messages.full_report import full_report_message
from bot.report.chart import alt_text, radar_png
from bot.report.model import ReportData
from bot.screens.slack_screen import SlackScreen

logger = logging.getLogger(__name__)

CHART_FILENAME = "outcome-readiness-profile.png"


def post_extras(
    screen: SlackScreen, channel: str, ts: str, report: ReportData, url: str | None
) -> None:
    try:
        screen.client.files_upload_v2(
            channel=channel,
            file=radar_png(report),
            filename=CHART_FILENAME,
            title=f"{report.title} — radar chart ({report.subtitle})",
            alt_txt=alt_text(report),
        )
    except SlackApiError as error:
        logger.warning("could not upload the chart: %s", error.response.get("error"))
    full = full_report_message(report.framework, report.profile, report.team, report_url=url)
    try:
        screen.post(channel, full, thread_ts=ts)
    except SlackApiError as error:
        logger.warning("could not post the full report: %s", error.response.get("error"))
