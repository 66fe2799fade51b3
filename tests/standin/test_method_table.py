"""The packaged Web API method table is what the generator makes from Slack's specification."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from standin.contract import method_table

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"  # beside the repository, as in CI
SPEC = REFERENCE / "slack_web_openapi_v2.json"
PACKAGED = ROOT / "standin" / "slack_methods.json"
GENERATOR = ROOT / "scripts" / "build_slack_method_table.py"


@pytest.mark.skipif(
    not SPEC.exists(),
    reason=f"Slack's OpenAPI file is not at {SPEC}; the packaged table cannot be regenerated here",
)
def test_packaged_table_is_what_the_generator_makes(tmp_path: Path) -> None:
    output = tmp_path / "slack_methods.json"
    completed = subprocess.run(
        [sys.executable, str(GENERATOR), "--spec", str(SPEC), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert output.read_text() == PACKAGED.read_text(), (
        "standin/slack_methods.json is stale: run scripts/build_slack_method_table.py"
    )


@pytest.mark.skipif(
    not (REFERENCE / "LICENSE-slack-api-specs").exists(),
    reason=f"no reference licence at {REFERENCE} to compare the packaged copy with",
)
def test_licence_of_the_specification_ships_beside_the_table() -> None:
    packaged = ROOT / "standin" / "LICENSE-slack-api-specs"
    assert filecmp.cmp(packaged, REFERENCE / "LICENSE-slack-api-specs", shallow=False)


def test_table_knows_the_methods_the_bot_uses() -> None:
    table = method_table()
    post = table.get("chat.postMessage")
    assert post is not None and post.required == ("channel",) and post.takes_token
    assert table.get("views.open") is not None
    upload = table.get("files.getUploadURLExternal")
    assert upload is not None and upload.manual and upload.required == ("filename", "length")
    complete = table.get("files.completeUploadExternal")
    assert complete is not None and complete.manual and complete.required == ("files",)
    assert "files.upload" in table.retired
    api_test = table.get("api.test")
    assert api_test is not None and not api_test.takes_token


def test_generator_check_mode_notices_a_stale_table(tmp_path: Path) -> None:
    if not SPEC.exists():
        pytest.skip(f"Slack's OpenAPI file is not at {SPEC}")
    stale = tmp_path / "slack_methods.json"
    shutil.copy(PACKAGED, stale)
    stale.write_text(stale.read_text().replace('"chat.postMessage"', '"chat.postMessages"'))
    completed = subprocess.run(
        [sys.executable, str(GENERATOR), "--spec", str(SPEC), "--output", str(stale), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "stale" in completed.stderr
