"""Reading answers collected outside Slack (a survey tool, a spreadsheet) from CSV text.

One row per respondent, one column per question id, each cell the chosen stage 1-4. An empty cell
is "not answered" (the person skipped it, or did not know): it is not scored, and the team result
counts it as not known, as it does a "don't know" given in Slack. Anything else that is not 1-4
stops the whole import with the row and column named, because a silently dropped row would change
the team's result without anyone noticing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from scoring.framework import Framework

LABEL_COLUMNS = ("respondent", "name", "email")
"""Optional columns that only label a row in error messages; never scored."""


class CsvAnswersError(ValueError):
    """The CSV cannot be scored as it is; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Respondent:
    row: int
    """The row number a spreadsheet would show (the header is row 1)."""
    label: str
    answers: dict[str, int | None]
    """Question id -> stage; None for an empty cell (not answered)."""


def parse_answers_csv(text: str, framework: Framework) -> list[Respondent]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    rows = [
        (number, row) for number, row in enumerate(reader, start=1) if any(c.strip() for c in row)
    ]
    if not rows:
        raise CsvAnswersError("the file is empty: expected a header row of question ids")
    header_row, header = rows[0]
    columns = [c.strip() for c in header]
    _check_header(columns, framework)

    respondents = []
    for number, cells in rows[1:]:
        if len(cells) != len(columns):
            raise CsvAnswersError(
                f"row {number}: has {len(cells)} cells but the header has {len(columns)}"
            )
        label = next(
            (
                cell.strip()
                for column, cell in zip(columns, cells, strict=True)
                if column.lower() in LABEL_COLUMNS and cell.strip()
            ),
            f"row {number}",
        )
        answers: dict[str, int | None] = {}
        for column, cell in zip(columns, cells, strict=True):
            if column.lower() in LABEL_COLUMNS:
                continue
            answers[column] = _stage(cell, row=number, column=column) if cell.strip() else None
        if all(stage is None for stage in answers.values()):
            raise CsvAnswersError(f"row {number} ({label}): no answers at all")
        respondents.append(Respondent(row=number, label=label, answers=answers))
    if not respondents:
        raise CsvAnswersError(f"no respondents: only the header (row {header_row}) was found")
    return respondents


def _check_header(columns: list[str], framework: Framework) -> None:
    known = {q.id for q in framework.questions}
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise CsvAnswersError(f"column {column!r} appears twice in the header")
        seen.add(column)
        if column.lower() not in LABEL_COLUMNS and column not in known:
            raise CsvAnswersError(
                f"column {column!r} is not a question id; expected one of: "
                + ", ".join(q.id for q in framework.questions)
            )
    if not seen & known:
        raise CsvAnswersError("the header names no question ids")


def _stage(cell: str, *, row: int, column: str) -> int:
    value = cell.strip()
    if value not in {"1", "2", "3", "4"}:
        raise CsvAnswersError(f"row {row}, column {column!r}: {value!r} is not a stage 1-4")
    return int(value)
