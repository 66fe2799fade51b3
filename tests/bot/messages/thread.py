"""The thread under a profile read as one: for tests that ask what it says anywhere."""

from __future__ import annotations

from bot.messages import Message
from bot.messages.full_report import thread_messages
from bot.report.model import ReportData


def whole_thread(report: ReportData, *, report_url: str | None) -> Message:
    """Every message of the profile's thread, its blocks in order, as one message."""
    messages = thread_messages(report, report_url=report_url)
    return Message(
        text="\n".join(m.text for m in messages), blocks=[b for m in messages for b in m.blocks]
    )
