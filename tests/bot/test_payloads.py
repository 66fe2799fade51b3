"""What our buttons and modals carry, parsed strictly.

Found by the fuzz (tests/hardening/test_fuzz.py): a click whose button value was `true` (JSON, not
text) reached the JSON parser as a bool, which raised a TypeError inside the listener instead of
refusing the click.
"""

from __future__ import annotations

import pytest

from bot.inbound.payloads import PickValue, ResponseRef
from flows.errors import BadRequest


def test_our_own_values_read_back() -> None:
    value = PickValue(response_id="r1", question_id="q.one", stage=3)
    assert PickValue.decode(value.encode()) == value


@pytest.mark.parametrize(
    "raw",
    [None, True, 5, 1.5, [], ["{}"], {"r": "r1"}, "", "{}", '{"r": "r1", "x": 1}', '{"r": ""}'],
)
def test_anything_else_is_refused(raw: object) -> None:
    with pytest.raises(BadRequest, match="nothing was changed") as refused:
        ResponseRef.decode(raw)
    assert refused.value.log_detail.startswith("unparseable ResponseRef: ")
