"""Handing the flows' services (and report links) to listeners through the bolt context.

Tests run the real app with their own database and a controllable clock this way.
"""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk.oauth.installation_store import InstallationStore

from bot.report.links import ReportLinks
from flows.services import Services

CONTEXT_KEY = "readiness_services"
LINKS_KEY = "readiness_report_links"
INSTALLATIONS_KEY = "readiness_installations"


def services_of(context: BoltContext) -> Services:
    services = context.get(CONTEXT_KEY)
    assert isinstance(services, Services), "the services middleware did not run"
    return services


def links_of(context: BoltContext) -> ReportLinks | None:
    links = context.get(LINKS_KEY)
    return links if isinstance(links, ReportLinks) else None


def installations_of(context: BoltContext) -> InstallationStore | None:
    """The OAuth installation store; None when the bot runs on one configured bot token."""
    store = context.get(INSTALLATIONS_KEY)
    return store if isinstance(store, InstallationStore) else None
