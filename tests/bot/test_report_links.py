from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.report.links import LinkExpired, LinkInvalid, ReportLinks


def _links(**overrides: object) -> ReportLinks:
    values: dict[str, object] = {
        "public_url": "https://readiness.example.com/",
        "slack_signing_secret": SecretStr("signing-secret-123456"),
    }
    values.update(overrides)
    links = ReportLinks.from_settings(Settings.model_validate(values))
    assert links is not None
    return links


def test_a_link_names_its_run_and_workspace_and_nothing_guessable() -> None:
    links = _links()
    url = links.url_for(workspace_id="T1", run_id="abc123")
    assert url.startswith("https://readiness.example.com/reports/")
    assert "abc123" not in url.rsplit("/", 1)[1][:6]
    assert links.resolve(url.rsplit("/", 1)[1]) == ("T1", "abc123")


def test_links_signed_with_another_secret_or_edited_are_invalid() -> None:
    token = _links().url_for(workspace_id="T1", run_id="abc").rsplit("/", 1)[1]
    other = _links(slack_signing_secret=SecretStr("another-secret-987654"))
    with pytest.raises(LinkInvalid):
        other.resolve(token)
    # Edit a character inside the signature: the last one of a base64 string may only carry
    # padding bits, so changing it need not change the signature at all.
    edited = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(LinkInvalid):
        _links().resolve(edited)


def test_an_old_link_has_expired() -> None:
    links = _links()
    token = links.url_for(workspace_id="T1", run_id="abc").rsplit("/", 1)[1]
    expired = ReportLinks(base_url=links.base_url, secret=links.secret, max_age_seconds=-1)
    with pytest.raises(LinkExpired):
        expired.resolve(token)


def test_no_public_url_means_no_links() -> None:
    settings = Settings.model_validate({"slack_signing_secret": SecretStr("signing-secret-1")})
    assert ReportLinks.from_settings(settings) is None
