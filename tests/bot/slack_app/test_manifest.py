"""The app manifest is valid for Slack and declares exactly what the code uses."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from bot.listeners.commands import COMMANDS
from bot.listeners.events import EVENTS
from bot.slack_app import EVENT_SCOPES, WEB_API_METHODS, manifest
from bot.slack_app.public_url import NotAPublicUrl, public_base_url
from tests.reference import reference_json

SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _validator() -> Draft7Validator:
    registry: Registry[Any] = Registry()
    for version in ("1.0.0", "2.0.0"):
        name = f"manifest.schema.{version}.json"
        registry = registry.with_resource(
            SCHEMA_BASE + name, Resource.from_contents(reference_json(f"slack_{name}"))
        )
    return Draft7Validator(reference_json("slack_manifest.schema.json"), registry=registry)


@pytest.mark.parametrize(
    "variant",
    [
        {"base_url": "https://readiness.example.com"},
        {"socket_mode": True},
        {"base_url": "https://readiness.example.com", "oauth": True},
    ],
)
def test_manifest_validates_against_slacks_schema(variant: dict[str, Any]) -> None:
    errors = [e.message for e in _validator().iter_errors(manifest(**variant))]
    assert errors == []


def test_the_schema_check_would_catch_a_broken_manifest() -> None:
    broken = manifest(base_url="https://readiness.example.com")
    broken["settings"]["bot_events"] = "app_home_opened"  # misplaced and mistyped
    assert list(_validator().iter_errors(broken))


def test_http_manifest_points_every_url_at_the_events_endpoint() -> None:
    data = manifest(base_url="https://readiness.example.com/")
    url = "https://readiness.example.com/slack/events"
    assert data["features"]["slash_commands"][0]["url"] == url
    assert data["settings"]["event_subscriptions"]["request_url"] == url
    assert data["settings"]["interactivity"]["request_url"] == url
    assert data["settings"]["socket_mode_enabled"] is False


def test_oauth_manifest_adds_the_redirect_url_and_rotating_tokens() -> None:
    data = manifest(base_url="https://readiness.example.com", oauth=True)
    redirect = "https://readiness.example.com/slack/oauth_redirect"
    assert data["oauth_config"]["redirect_urls"] == [redirect]
    assert data["settings"]["token_rotation_enabled"] is True
    # One pasted bot token cannot rotate, so the single-workspace manifest keeps it off.
    assert (
        manifest(base_url="https://readiness.example.com")["settings"]["token_rotation_enabled"]
        is False
    )


def test_commands_and_events_are_exactly_those_the_code_registers() -> None:
    data = manifest(socket_mode=True)
    assert [c["command"] for c in data["features"]["slash_commands"]] == list(COMMANDS)
    assert sorted(data["settings"]["event_subscriptions"]["bot_events"]) == sorted(EVENTS)
    assert set(EVENT_SCOPES) == set(EVENTS)


ADDED_SINCE_THE_SPEC = {
    # Slack's current upload flow postdates the 2020 OpenAPI file; both methods need files:write
    # (api.slack.com/methods/files.getUploadURLExternal and files.completeUploadExternal).
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
    # Channel canvases postdate it too; both methods need canvases:write
    # (docs.slack.dev/reference/methods/conversations.canvases.create and canvases.edit).
    "conversations.canvases.create": {"canvases:write"},
    "canvases.edit": {"canvases:write"},
}


def _scope_choices(method: str, spec: dict[str, Any]) -> set[str] | None:
    """Bot scopes any one of which allows `method`, from Slack's OpenAPI (None: no scope)."""
    if method in ADDED_SINCE_THE_SPEC:
        return ADDED_SINCE_THE_SPEC[method]
    operations = spec["paths"][f"/{method}"].values()
    scopes: set[str] = set()
    for operation in operations:
        for requirement in operation.get("security", []):
            scopes.update(requirement.get("slackAuth", []))
    if scopes <= {"none"}:
        return None
    # The 2020 spec still names the old per-token-type scopes; the bot scope is the base name.
    return {s.removesuffix(":bot") for s in scopes if not s.endswith(":user")}


def test_scopes_are_exactly_what_the_methods_and_events_need() -> None:
    spec = reference_json("slack_web_openapi_v2.json")
    declared = set(manifest(socket_mode=True)["oauth_config"]["scopes"]["bot"])
    justified = {"commands"} if COMMANDS else set()
    for method in sorted(WEB_API_METHODS):
        choices = _scope_choices(method, spec)
        if choices is None:
            continue
        assert declared & choices, f"{method} needs one of {sorted(choices)}"
        justified |= declared & choices
    justified |= {scope for scope in EVENT_SCOPES.values() if scope}
    assert declared - justified == set(), "scopes nothing uses"
    assert justified - declared == set()


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("readiness.example.com", "https://readiness.example.com"),
        ("https://readiness.example.com/", "https://readiness.example.com"),
        ("https://example.com/tools/readiness/", "https://example.com/tools/readiness"),
        ("https://203.0.113.7:8443", None),  # documentation range: not public
        ("https://8.8.8.8", "https://8.8.8.8"),
    ],
)
def test_a_public_https_base_url_is_kept_and_a_bare_host_gets_https(
    given: str, base: str | None
) -> None:
    if base is None:
        with pytest.raises(NotAPublicUrl):
            public_base_url(given)
    else:
        assert public_base_url(given) == base


def test_http_mode_needs_a_url() -> None:
    with pytest.raises(NotAPublicUrl, match="--url https://YOUR-PUBLIC-HOST"):
        manifest()
