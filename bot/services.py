"""Handing the flows' services to listeners through the bolt context.

Tests run the real app with their own database and a controllable clock this way.
"""

from __future__ import annotations

from slack_bolt import BoltContext

from flows.services import Services

CONTEXT_KEY = "readiness_services"


def services_of(context: BoltContext) -> Services:
    services = context.get(CONTEXT_KEY)
    assert isinstance(services, Services), "the services middleware did not run"
    return services
