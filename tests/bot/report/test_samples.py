"""The sample files a reviewer opens: written where asked, and as representative as promised."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from bot.report.samples import sample_team_report, write_sample
from scoring import Agreement


def test_write_sample_writes_the_page_and_the_chart(tmp_path: Path) -> None:
    paths = write_sample(tmp_path / "out")
    assert [p.name for p in paths] == ["sample-team-report.html", "sample-team-chart.png"]
    page, chart = paths
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    with Image.open(chart) as image:
        assert image.format == "PNG" and image.size == (1000, 1000)


def test_the_sample_team_disagrees_on_renewal_and_health_and_has_a_previous_run() -> None:
    data = sample_team_report()
    assert data.team is not None and data.team.respondents == 6
    assert data.previous is not None and data.trend is not None
    split = {s.dimension_id for s in data.team.dimensions if s and s.agreement is Agreement.SPLIT}
    assert split == {"health", "renewal"}
    assert data.profile.capped_by_anchor, "the sample shows the anchor note too"
