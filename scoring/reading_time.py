"""How long the assessment honestly takes: reading every prompt and option, and choosing.

The welcome message and the README promise a time; a promise of "five minutes" for text that takes
eight to read is the first thing a careful respondent notices. The figure is computed from the
framework's own words, so a longer rewrite cannot keep an old promise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scoring.framework import Framework

WORDS_PER_MINUTE = 200
"""Careful reading of short business text (people weighing four options read slower than the
~240 words a minute of skimming)."""
SECONDS_TO_CHOOSE = 6
"""Per question, after reading: comparing the options with one's own practice and clicking."""


@dataclass(frozen=True, slots=True)
class ReadingTime:
    words: int
    """Words in every prompt, hint and option text."""
    seconds: int

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded up: the promise should be kept, not beaten by a careful reader."""
        return max(1, math.ceil(self.seconds / 60))


def reading_time(framework: Framework) -> ReadingTime:
    texts = [
        text
        for question in framework.questions
        for text in (
            question.prompt,
            question.help or "",
            *(option.text for option in question.options),
        )
    ]
    words = sum(len(re.findall(r"[\w'’-]+", text)) for text in texts)
    seconds = round(words * 60 / WORDS_PER_MINUTE) + SECONDS_TO_CHOOSE * len(framework.questions)
    return ReadingTime(words=words, seconds=seconds)
