"""The parts of a posted profile, a person's or a team's: the message, then its radar chart,
then the messages of its thread (a team's details, the full report: `thread_messages`), each
a part of its own. Each is owed until shown (`show_once`); the chart and the thread are extras:
if Slack refuses one outright, the profile still stands."""

from __future__ import annotations

from bot.messages import Message
from bot.messages.full_report import thread_messages
from bot.report.chart import alt_text, radar_png
from bot.report.model import ReportData
from bot.screens.show_once import Part, message_part
from bot.screens.slack_screen import SlackScreen, StepKey


def profile_parts(
    screen: SlackScreen,
    channel: str,
    subject: str,
    message: Message,
    report: ReportData,
    url: str | None,
) -> list[Part]:
    """The profile `message` of `subject` (a response, or a team run) and its extras."""
    chart = StepKey(subject, "chart")
    drawn: list[bytes] = []

    def draw_chart() -> None:
        if not drawn:
            drawn.append(radar_png(report))

    def upload_chart(_: str | None) -> None:
        draw_chart()
        screen.client.files_upload_v2(
            channel=channel,
            file=drawn[0],
            filename=chart.file_name,
            title=f"{report.title} — radar chart ({report.subtitle})",
            alt_txt=alt_text(report),
        )

    thread = [
        message_part(
            screen, thread_key(subject, number), channel, reply, in_thread=True, extra=True
        )
        for number, reply in enumerate(thread_messages(report, report_url=url), start=1)
    ]
    return [
        message_part(screen, StepKey(subject, "profile"), channel, message),
        Part(chart, upload_chart, extra=True, prepare=draw_chart),
        *thread,
    ]


def thread_key(subject: str, number: int) -> StepKey:
    """The `number`th thread message's step: "report" for the first (as when the thread was one
    message), then "report-2", "report-3"…"""
    return StepKey(subject, "report" if number == 1 else f"report-{number}")
