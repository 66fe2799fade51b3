from __future__ import annotations

import pytest

from scoring import default_framework
from scoring.answers_csv import CsvAnswersError, parse_answers_csv

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]


def csv_text(*rows: list[str], header: list[str] | None = None) -> str:
    lines = [",".join(header or ["respondent", *IDS])]
    lines += [",".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def test_rows_become_respondents_with_their_labels() -> None:
    text = csv_text(["ana", *["3"] * 15], ["bo", *["2"] * 14, ""])
    ana, bo = parse_answers_csv(text, FRAMEWORK)
    assert (ana.label, ana.row, len(ana.answers)) == ("ana", 2, 15)
    assert (bo.label, bo.row, len(bo.answers)) == ("bo", 3, 14)  # a skipped question stays empty
    assert "expansion.origin" not in bo.answers


def test_excel_byte_order_mark_and_blank_lines_are_tolerated() -> None:
    text = "\ufeff" + csv_text(["ana", *["1"] * 15]) + "\n\n"
    assert len(parse_answers_csv(text, FRAMEWORK)) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            csv_text(["ana", *["3"] * 14, "5"]),
            "row 2, column 'expansion.origin': '5' is not a stage 1-4",
        ),
        (
            csv_text(["ana", *["3"] * 15], ["bo", "x", *["3"] * 14]),
            "row 3, column 'outcomes.documentation': 'x' is not a stage 1-4",
        ),
        (
            csv_text(["ana", *["3"] * 15], ["bo", *["3"] * 14]),
            "row 3: has 15 cells but the header has 16",
        ),
        (csv_text(["ana", *[""] * 15]), r"row 2 \(ana\): no answers at all"),
        (
            csv_text(["1"], header=["outcomes.documentaton"]),
            "column 'outcomes.documentaton' is not a question id",
        ),
        (
            csv_text(["1", "2"], header=["renewal.motion", "renewal.motion"]),
            "column 'renewal.motion' appears twice",
        ),
        (csv_text(), "no respondents"),
        ("", "the file is empty"),
    ],
)
def test_bad_input_names_the_row_and_column(text: str, message: str) -> None:
    with pytest.raises(CsvAnswersError, match=message):
        parse_answers_csv(text, FRAMEWORK)
