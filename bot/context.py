"""Handing the flows' services (and report links) to listeners through the bolt context.

Tests run the real app with their own database and a controllable clock this way.
"""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.report.links import ReportLinks
from flows.services import Services

CONTEXT_KEY = "readiness_services"
LINKS_KEY = "readiness_report_links"


def services_of(context: BoltContext) -> Services:
    services = context.get(CONTEXT_KEY)
    assert isinstance(services, Services), "the services middleware did not run"
    return services


def links_of(context: BoltContext) -> ReportLinks | None:
    links = context.get(LINKS_KEY)
    return links if isinstance(links, ReportLinks) else None
