"""Pictures for docs/: a page drawn by headless Chromium (Debian's `chromium`), one way for
every script that makes one (and for the test that prints the report to PDF).

The flags are the ones that work on a machine without a screen or a network: no sandbox (root),
no GPU, and none of Chromium's own calls home, which a closed network refuses one by one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def find_chromium() -> str:
    """Chromium's path; without it, the script ends saying how to get it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("needs chromium (apt-get install chromium), or pass --html-only")
    return found


def headless(chromium: str, profile: Path) -> list[str]:
    """The start of a command running `chromium` headless with the flags above, its profile kept
    in `profile` (a fresh directory: nothing of an earlier run is read back); the caller adds
    what to draw or print, and the page."""
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


def screenshot(chromium: str, page: str, target: Path, *, width: int, height: int) -> None:
    """`page` (a whole HTML document) drawn in a `width` × `height` window, saved as `target`."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                *headless(chromium, Path(scratch) / "profile"),
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--window-size={width},{height}",
                f"--screenshot={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
