"""The radar chart, rendered for real: valid images, no external references, same bytes twice."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from bot.report import ReportData, alt_text, radar_png, radar_svg
from tests.bot.report.builders import FRAMEWORK, person, team, team_with_previous
from tests.scoring.builders import answers

ROOT = Path(__file__).resolve().parents[3]
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
PREVIOUS_ORANGE = (0xE6, 0x9F, 0x00)
BAND_BLUE = (0x56, 0xB4, 0xE9)

CASES: dict[str, Callable[[], ReportData]] = {
    "individual": person,
    "team": team,
    "team with a previous run": team_with_previous,
    "individual with gaps": lambda: person(answers(onboarding=[3, 3], health=[4])),
}


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def data(request: pytest.FixtureRequest) -> ReportData:
    return CASES[request.param]()


def test_png_is_a_1000_px_square_png(data: ReportData) -> None:
    png = radar_png(data)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    length, chunk = struct.unpack(">I4s", png[8:16])
    assert (length, chunk) == (13, b"IHDR")
    assert struct.unpack(">II", png[16:24]) == (1000, 1000)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1000, 1000)
        image.load()
    assert b"matplotlib" not in png.lower(), "the Software chunk would change with every upgrade"


def test_the_previous_outline_and_the_members_band_are_drawn_only_when_there_is_one() -> None:
    assert _pixels(team(), PREVIOUS_ORANGE) == 0
    assert _pixels(team_with_previous(), PREVIOUS_ORANGE) > 1000
    assert _pixels(person(previous=answers(outcomes=[1, 1, 1, 1])), PREVIOUS_ORANGE) > 200
    # The band is sky blue at 40 % over white; a person's chart has no area of that colour.
    band_on_white = tuple(round(255 + 0.4 * (c - 255)) for c in BAND_BLUE)
    assert _pixels(person(), band_on_white, tolerance=3) < 100
    assert _pixels(team(), band_on_white, tolerance=3) > 5000


def _pixels(data: ReportData, colour: tuple[int, ...], tolerance: int = 0) -> int:
    """How many pixels of the PNG are `colour`, give or take `tolerance` per channel."""
    with Image.open(io.BytesIO(radar_png(data))) as image:
        counted = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert counted is not None
    total = 0
    for count, rgb in counted:
        assert isinstance(rgb, tuple)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, colour, strict=True)):
            total += count
    return total


def test_svg_is_well_formed_inline_svg_with_no_external_references(data: ReportData) -> None:
    svg = radar_svg(data)
    assert svg.startswith("<svg"), "no XML declaration or doctype: it is pasted into HTML"
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox"), "a viewBox lets the page scale the chart"
    for element in root.iter():
        assert element.tag not in {f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject"}
        for name in ("href", XLINK_HREF):
            value = element.get(name)
            assert value is None or value.startswith("#"), f"{element.tag} refers to {value}"
    for url in _urls(svg):
        assert url in NAMESPACES
    assert "<!--" not in svg
    assert re.findall(r"url\(\s*['\"]?([^#'\"\s])", svg) == [], "only url(#local) references"


def _urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\"'\s)<>]*", text)


def test_same_input_gives_the_same_bytes() -> None:
    assert radar_png(team_with_previous()) == radar_png(team_with_previous())
    assert radar_svg(team_with_previous()) == radar_svg(team_with_previous())


def test_alt_text_gives_every_dimension_its_score_and_stage(data: ReportData) -> None:
    text = alt_text(data)
    assert len(text) <= 1000
    for result in data.profile.dimensions:
        dimension = FRAMEWORK.dimension(result.dimension_id)
        assert dimension.name in text or dimension.short_name in text
        if result.stage is None:
            assert f"{dimension.name}: not assessed" in text
        else:
            stage = FRAMEWORK.stage(result.stage)
            assert f"Stage {stage.number} ({stage.name})" in text


def test_alt_text_says_how_each_dimension_moved_since_the_previous_run() -> None:
    text = alt_text(person(previous=answers(outcomes=[1, 1, 1, 1], onboarding=[4, 3])))
    assert "Outcome Definition & Success Planning: 1.5 / 4, Stage 1 (Make it Work), up 0.5" in text
    assert "Onboarding: 3.5 / 4, Stage 3 (Make it Matter), unchanged since the previous" in text
    assert "Expansion Motion: 2.5 / 4, Stage 2 (Make it Stick), not assessed in the prev" in text


def test_alt_text_of_a_team_gives_the_members_range() -> None:
    text = alt_text(team())
    assert "Renewal Motion: 2.5 / 4, Stage 2 (Make it Stick), members from 1.0 to 4.0" in text


def test_importing_the_chart_module_does_not_load_matplotlib() -> None:
    check = (
        "import sys, bot.report, bot.report.chart, bot.report.html\n"
        "loaded = sorted(m for m in ('matplotlib', 'numpy', 'PIL', 'jinja2') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
