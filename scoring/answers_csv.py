"""Reading answers collected outside Slack (a survey tool, a spreadsheet) from a CSV file.

One row per respondent, one column per question id, each cell the chosen stage 1-4. An empty cell
is "not answered" (the person skipped it, or did not know): it is not scored, and the team result
counts it as not known, as it does a "don't know" given in Slack. Anything else that is not 1-4
stops the whole import with the row, the respondent and the column named, because a silently
dropped row would change the team's result without anyone noticing.

Files come from spreadsheets as people save them: Excel in much of Europe separates with
semicolons, some tools with tabs; Excel on Windows writes Windows-1252 unless told "CSV UTF-8";
headers come in any case with stray spaces. All of that is read as meant. A workbook (.xlsx) or
any other binary file is refused with what to do instead.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from scoring.framework import Framework

LABEL_COLUMNS = ("respondent", "name", "email")
"""Optional columns that only label a row in error messages; never scored."""
DELIMITERS = ",;\t"
SAVE_AS_CSV = "save it from your spreadsheet as “CSV UTF-8” and try again"


class CsvAnswersError(ValueError):
    """The CSV cannot be scored as it is; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Respondent:
    row: int
    """The row number a spreadsheet would show (the header is row 1)."""
    label: str
    answers: dict[str, int | None]
    """Question id -> stage; None for an empty cell (not answered)."""


@dataclass(frozen=True, slots=True)
class AnswersFile:
    respondents: list[Respondent]
    missing: tuple[str, ...]
    """Question ids with no column in the file: not scored, and said so."""
    notes: tuple[str, ...]
    """What the reader should know about how the file was read (its encoding, missing
    questions, an overall stage left out), each a sentence."""


def template_csv(framework: Framework) -> str:
    """An empty answers file: the header row a survey tool or spreadsheet should fill."""
    return ",".join(["respondent", *(q.id for q in framework.questions)]) + "\r\n"


def read_answers_file(data: bytes, framework: Framework) -> AnswersFile:
    """Decode, split and check a whole file; the notes say what was assumed or left out."""
    text, encoding_note = decode(data)
    respondents = parse_answers_csv(text, framework)
    asked = respondents[0].answers.keys()
    missing = tuple(q.id for q in framework.questions if q.id not in asked)
    notes = [encoding_note] if encoding_note else []
    if missing:
        notes.append(
            f"{len(missing)} of {len(framework.questions)} questions have no column and are not "
            "scored: " + ", ".join(missing)
        )
    anchor = framework.anchor_dimension
    if not any(q.id in asked for q in framework.questions_in(anchor.id)):
        notes.append(
            f"no overall stage: the file has none of the {anchor.name} questions, and the overall "
            "stage is never more than one above that dimension"
        )
    return AnswersFile(respondents=respondents, missing=missing, notes=tuple(notes))


def decode(data: bytes) -> tuple[str, str | None]:
    """The file's text, and a note when it was not UTF-8. A workbook or other binary file is
    refused: read as text it would give nonsense columns instead of a clear answer."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvAnswersError(f"this is a spreadsheet workbook, not a CSV file: {SAVE_AS_CSV}")
    if b"\x00" in data:
        raise CsvAnswersError(f"this is not a text file: {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CsvAnswersError(
            f"this file is neither UTF-8 nor Windows-1252: {SAVE_AS_CSV}"
        ) from exc
    return text, "read as Windows-1252, not UTF-8: check that names with accents look right"


def parse_answers_csv(text: str, framework: Framework) -> list[Respondent]:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows = [
        (number, row) for number, row in enumerate(reader, start=1) if any(c.strip() for c in row)
    ]
    if not rows:
        raise CsvAnswersError("the file is empty: expected a header row of question ids")
    header_row, header = rows[0]
    columns = _columns(header, framework)

    respondents = []
    for number, cells in rows[1:]:
        name = _name(columns, cells)
        row = f"row {number} ({name})" if name else f"row {number}"
        if len(cells) != len(columns):
            raise CsvAnswersError(
                f"{row}: has {len(cells)} cells but the header has {len(columns)}"
            )
        answers: dict[str, int | None] = {}
        for column, cell in zip(columns, cells, strict=True):
            if column in LABEL_COLUMNS:
                continue
            answers[column] = _stage(cell, where=f"{row}, column {column!r}")
        if all(stage is None for stage in answers.values()):
            raise CsvAnswersError(f"{row}: no answers at all")
        respondents.append(Respondent(row=number, label=name or f"row {number}", answers=answers))
    if not respondents:
        raise CsvAnswersError(f"no respondents: only the header (row {header_row}) was found")
    return respondents


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab, whichever the first lines use (a comma when they do not say)."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _columns(header: list[str], framework: Framework) -> list[str]:
    """The header as question ids and label columns, matched whatever their case and spaces."""
    known = {q.id.lower(): q.id for q in framework.questions}
    columns: list[str] = []
    for cell in header:
        name = cell.strip().lower()
        column = name if name in LABEL_COLUMNS else known.get(name)
        if column is None:
            raise CsvAnswersError(
                f"column {cell.strip()!r} is not a question id; expected one of: "
                + ", ".join(q.id for q in framework.questions)
                + " (readiness score --template prints the header)"
            )
        if column in columns:
            raise CsvAnswersError(f"column {cell.strip()!r} appears twice in the header")
        columns.append(column)
    if not set(columns) - set(LABEL_COLUMNS):
        raise CsvAnswersError("the header names no question ids")
    return columns


def _name(columns: list[str], cells: list[str]) -> str | None:
    """The respondent's name (or email) when the file gives one: errors about a row say whose
    it is, so the person fixing the file finds it without counting rows."""
    return next(
        (
            cell.strip()
            for column, cell in zip(columns, cells, strict=False)
            if column in LABEL_COLUMNS and cell.strip()
        ),
        None,
    )


def _stage(cell: str, *, where: str) -> int | None:
    value = cell.strip()
    if not value:
        return None
    if value not in {"1", "2", "3", "4"}:
        raise CsvAnswersError(f"{where}: {value!r} is not a stage 1-4")
    return int(value)
