"""The order each respondent sees a question's options in: their own, and the same every time.

Shown in the framework's order, the four options would always run Stage 1 to Stage 4 and the
letters would be the answer key ("press D fifteen times"). Each response gets a random seed when
it starts; from it and a question's id this module derives a shuffle that is the same on every
screen that response is shown on (the DM, Back, the form, after a restart of the bot) and
different between people. The stage stays inside the option: nothing reads it from a position.
"""

from __future__ import annotations

import random
import secrets

from scoring.framework import Option, Question

LETTERS = "ABCD"
"""What the options are called on screen, in the order shown."""


def new_seed() -> str:
    """A fresh seed for a response (random: the order must not be guessable from anything else)."""
    return secrets.token_hex(8)


def options_in_order(question: Question, seed: str) -> tuple[Option, ...]:
    """`question`'s options in the order the response with `seed` sees them.

    The options are first put in a fixed order (by stage) so that the file's order of options
    changes nothing; `random.Random` seeded with a string is the same on every machine and
    Python process (it hashes the string with SHA-512, not with the per-process `hash`).
    """
    ordered = sorted(question.options, key=lambda option: option.stage)
    random.Random(f"{seed}:{question.id}").shuffle(ordered)
    return tuple(ordered)


def lettered(question: Question, seed: str) -> tuple[tuple[str, Option], ...]:
    """(letter, option) pairs as shown: ("A", …), ("B", …)."""
    return tuple(zip(LETTERS, options_in_order(question, seed), strict=True))


def option_at(question: Question, seed: str, letter: str) -> Option | None:
    """The option shown under `letter` to the response with `seed` (None for no such letter)."""
    return dict(lettered(question, seed)).get(letter)


def letter_of(question: Question, seed: str, stage: int) -> str:
    """The letter the response with `seed` saw the option of `stage` under."""
    return next(letter for letter, option in lettered(question, seed) if option.stage == stage)
