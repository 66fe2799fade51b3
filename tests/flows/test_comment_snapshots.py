"""What a closed run's snapshot keeps of its comments: the unsigned texts shown, or how many
were held back; a snapshot from before comments reads as having none."""

from __future__ import annotations

import pytest

from flows.comments import check, comments_from_snapshot, comments_snapshot
from flows.errors import BadRequest
from flows.steps import DimensionComments, TeamComments


def test_the_snapshot_keeps_texts_or_a_count_and_nothing_else() -> None:
    said = TeamComments(
        dimensions=(
            DimensionComments("outcomes", shown=("b", "a", "c", "e", "d")),
            DimensionComments("renewal", held_back=4),
        )
    )
    stored = comments_snapshot(said)
    assert stored == {
        "dimensions": [
            {"dimension_id": "outcomes", "shown": ["b", "a", "c", "e", "d"], "held_back": 0},
            {"dimension_id": "renewal", "shown": [], "held_back": 4},
        ],
        "minimum": 5,
    }
    assert comments_from_snapshot({"format": 2, "team": {}, "comments": stored}) == said


def test_a_snapshot_from_before_comments_has_none() -> None:
    assert comments_from_snapshot({"format": 2, "team": {}}) == TeamComments()


@pytest.mark.parametrize("text", [None, "", "   \n", 5, "x" * 501])
def test_an_empty_or_over_long_comment_is_refused(text: object) -> None:
    with pytest.raises(BadRequest):
        check(text)


def test_a_comment_is_stored_trimmed() -> None:
    assert check("  slow handoffs \n") == "slow handoffs"
    assert check("x" * 500) == "x" * 500
