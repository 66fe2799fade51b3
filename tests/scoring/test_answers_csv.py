from __future__ import annotations

import pytest

from scoring import DimensionCoverage, default_framework, score_team
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
    assert (bo.label, bo.row) == ("bo", 3)
    assert bo.answers[IDS[-1]] is None  # an empty cell is "not answered"


def test_an_empty_cell_is_not_answered_and_not_scored() -> None:
    """A dimension whose cells are all empty is not assessed; the others score as given."""
    last_dimension = FRAMEWORK.dimensions[-1]
    skipped = {q.id for q in FRAMEWORK.questions_in(last_dimension.id)}
    row = ["ana", *("" if qid in skipped else "3" for qid in IDS)]
    (ana,) = parse_answers_csv(csv_text(row), FRAMEWORK)
    team = score_team(FRAMEWORK, [ana.answers])
    assert team.profile.dimension(last_dimension.id).score is None
    assert team.coverage_of(last_dimension.id) == DimensionCoverage(last_dimension.id, 0, 1, False)
    assert team.profile.dimension(FRAMEWORK.anchor).score == 3


def test_excel_byte_order_mark_and_blank_lines_are_tolerated() -> None:
    text = "\ufeff" + csv_text(["ana", *["1"] * 15]) + "\n\n"
    assert len(parse_answers_csv(text, FRAMEWORK)) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            csv_text(["ana", *["3"] * 14, "5"]),
            f"row 2, column {IDS[-1]!r}: '5' is not a stage 1-4",
        ),
        (
            csv_text(["ana", *["3"] * 15], ["bo", "x", *["3"] * 14]),
            f"row 3, column {IDS[0]!r}: 'x' is not a stage 1-4",
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
