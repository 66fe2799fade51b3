"""The Slack stand-in's own tests use the shared Slack fixtures."""

from standin.pytest_plugin import bolt, standin

__all__ = ["bolt", "standin"]
