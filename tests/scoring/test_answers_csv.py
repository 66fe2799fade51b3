from __future__ import annotations

import pytest

from scoring import DimensionCoverage, default_framework, score_team
from scoring.answers_csv import (
    CsvAnswersError,
    parse_answers_csv,
    read_answers_file,
    template_csv,
)

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
            rf"row 2 \(ana\), column {IDS[-1]!r}: '5' is not a stage 1-4",
        ),
        (
            csv_text(["ana", *["3"] * 15], ["bo", "x", *["3"] * 14]),
            rf"row 3 \(bo\), column {IDS[0]!r}: 'x' is not a stage 1-4",
        ),
        (
            csv_text(["ana", *["3"] * 15], ["bo", *["3"] * 14]),
            r"row 3 \(bo\): has 15 cells but the header has 16",
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


def test_a_row_without_a_name_is_named_by_its_number() -> None:
    text = csv_text(["1", *["3"] * 14], header=IDS)
    text += ",".join(["9", *["3"] * 14]) + "\n"
    with pytest.raises(CsvAnswersError, match=f"^row 3, column {IDS[0]!r}: '9'"):
        parse_answers_csv(text, FRAMEWORK)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_files_read_alike(delimiter: str) -> None:
    """Excel in much of Europe saves CSV with semicolons; some survey tools export tabs."""
    rows = [["respondent", *IDS], ["ana", *["3"] * 15], ["bo", *["2"] * 14, ""]]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    ana, bo = parse_answers_csv(text, FRAMEWORK)
    assert (ana.label, ana.answers[IDS[0]], bo.label, bo.answers[IDS[-1]]) == ("ana", 3, "bo", None)


def test_header_names_match_whatever_their_case_and_spaces() -> None:
    header = [" Respondent ", *(f" {qid.upper()} " for qid in IDS)]
    (ana,) = parse_answers_csv(csv_text(["ana", *["4"] * 15], header=header), FRAMEWORK)
    assert ana.label == "ana" and set(ana.answers) == set(IDS)


def test_utf8_with_or_without_a_byte_order_mark_reads_without_a_note() -> None:
    text = csv_text(["Zoë Müller", *["2"] * 15])
    for data in (text.encode("utf-8"), text.encode("utf-8-sig")):
        read = read_answers_file(data, FRAMEWORK)
        assert read.respondents[0].label == "Zoë Müller" and read.notes == ()


def test_a_windows_1252_file_is_read_with_a_note() -> None:
    data = csv_text(["Zoë Müller", *["2"] * 15]).encode("cp1252")
    read = read_answers_file(data, FRAMEWORK)
    assert read.respondents[0].label == "Zoë Müller"
    assert read.notes == (
        "read as Windows-1252, not UTF-8: check that names with accents look right",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "spreadsheet workbook, not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40), "spreadsheet workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
    ],
)
def test_a_workbook_or_binary_file_says_save_it_as_csv_utf8(data: bytes, message: str) -> None:
    with pytest.raises(CsvAnswersError, match=message) as refused:
        read_answers_file(data, FRAMEWORK)
    assert str(refused.value).endswith("save it from your spreadsheet as “CSV UTF-8” and try again")


def test_missing_question_columns_are_named_and_not_scored() -> None:
    present = [q.id for q in FRAMEWORK.questions_in(FRAMEWORK.anchor)] + IDS[-1:]
    read = read_answers_file(
        csv_text(["ana", *["2"] * len(present)], header=["name", *present]).encode(), FRAMEWORK
    )
    assert set(read.missing) == set(IDS) - set(present)
    (note,) = read.notes
    assert note.startswith(f"{len(IDS) - len(present)} of {len(IDS)} questions have no column")
    team = score_team(FRAMEWORK, [r.answers for r in read.respondents])
    assert team.profile.stage == 2  # the anchor is there: an overall stage, from what was asked


def test_without_the_anchor_questions_there_is_no_overall_stage_and_the_note_says_why() -> None:
    renewal = [q.id for q in FRAMEWORK.questions_in("renewal")]
    text = csv_text(
        ["ana", "3", "3"], ["bo", "3", "2"], ["cy", "4", "3"], header=["name", *renewal]
    )
    read = read_answers_file(text.encode(), FRAMEWORK)
    anchor = FRAMEWORK.anchor_dimension.name
    assert read.notes[-1] == (
        f"no overall stage: the file has none of the {anchor} questions, and the overall stage "
        "is never more than one above that dimension"
    )
    team = score_team(FRAMEWORK, [r.answers for r in read.respondents])
    assert team.profile.stage is None and team.profile.dimension("renewal").score is not None


def test_the_template_is_a_header_the_reader_accepts_and_nothing_else() -> None:
    template = template_csv(FRAMEWORK)
    assert template.splitlines() == [",".join(["respondent", *IDS])]
    filled = template + ",".join(["ana", *["1"] * 15]) + "\r\n"
    assert read_answers_file(filled.encode(), FRAMEWORK).notes == ()
