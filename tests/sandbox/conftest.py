"""The Slack stand-in's own tests use the shared Slack fixtures."""

from tests.slack_fixtures import bolt, standin

__all__ = ["bolt", "standin"]
