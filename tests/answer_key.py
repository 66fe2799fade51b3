"""Does a text show which option is which stage? The check every surface a respondent or a
channel sees is held to: no option beside a stage, and no option list in stage order.

An answer key can be shown two ways: an option next to a stage ("3 Usage evidence", "Usage
evidence (Stage 3)", "Stage 3 · Usage evidence"), or options listed in stage order, so that the
first is always Stage 1. The first is found here in any text; the second needs to know how the
list should have been ordered, so `listed_in_order` reads the order a list shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scoring import Framework, QuestionSpread
from tests.bot.report.builders import PageText

NEAR = 16
"""How many characters (on one line) count as "beside"."""


def answer_key_problems(framework: Framework, text: str) -> list[str]:
    """Every place `text` pairs an option (its label or its text) with a stage."""
    problems: list[str] = []
    for line in text.splitlines():
        for question in framework.questions:
            for option in question.options:
                for shown in dict.fromkeys((option.label, option.text)):
                    problems += _beside_a_stage(question.id, shown, option.stage, line)
    return problems


def _beside_a_stage(question_id: str, shown: str, stage: int, line: str) -> list[str]:
    words = re.escape(shown)
    # A label is found as itself, not inside a longer word ("None" in "Nonetheless").
    label = rf"(?<![\w]){words}(?![\w])"
    patterns = (
        rf"\bStage\s*[1-4]\b[^\n]{{0,{NEAR}}}{label}",
        rf"{label}[^\n]{{0,{NEAR}}}\bStage\s*[1-4]\b",
        # Its own stage number right before an option, as a list numbered by stage shows it
        # ("3 Usage evidence", "3) …", "3. …", "3 · …"); a count reads "3 × …".
        rf"(?:^|[\s(\[]){stage}\s*[).:·|-]?\s+{label}",
        rf"{label}\s*[(\[]{stage}[)\]]",
    )
    return [
        f"{question_id}: {shown!r} beside a stage in {line.strip()[:160]!r}"
        for pattern in patterns
        if re.search(pattern, line)
    ]


def listed_in_order(text: str, labels: Iterable[str]) -> list[str]:
    """The labels in the order `text` shows them (each by its first appearance); labels the
    text does not show are left out."""
    found = [(text.find(label), label) for label in labels]
    return [label for at, label in sorted(found) if at >= 0]


def by_count(framework: Framework, spread: QuestionSpread) -> list[str]:
    """A question's option labels as a count list must show them: most chosen first, ties by
    label (never in stage order)."""
    question = framework.question(spread.question_id)
    pairs = [(spread.counts[o.stage - 1], o.label) for o in question.options]
    return [label for _, label in sorted(pairs, key=lambda p: (-p[0], p[1].casefold(), p[1]))]


def in_stage_order(framework: Framework, question_id: str, labels: Sequence[str]) -> bool:
    """Whether `labels` (at least three of one question's options) run in stage order."""
    stage_of = {o.label: o.stage for o in framework.question(question_id).options}
    stages = [stage_of[label] for label in labels]
    return len(stages) >= 3 and stages == sorted(stages)


LINE_BREAKS = frozenset(
    {"p", "li", "td", "th", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "div", "section"}
)
"""Elements that start a new line in `page_lines`: a cell, item or paragraph is read on its own
rather than run into its neighbours."""


def page_lines(page: str) -> str:
    """A printable page's words, a line per cell, list item or paragraph."""
    parser = PageText(breaks=LINE_BREAKS)
    parser.feed(page)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
