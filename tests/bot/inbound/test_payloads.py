"""What our buttons and modals carry, parsed strictly.

Found by the fuzz (tests/hardening/test_fuzz.py): a click whose button value was `true` (JSON, not
text) reached the JSON parser as a bool, which raised a TypeError inside the listener instead of
refusing the click.
"""

from __future__ import annotations

import pytest

from bot.inbound.payloads import PickValue, ResponseRef
from flows.errors import BadRequest
from flows.steps import DONT_KNOW, ShownStage


def test_our_own_values_read_back() -> None:
    for choice in ("A", "D", "dont_know"):
        value = PickValue(response_id="r1", question_id="q.one", choice=choice)
        assert PickValue.decode(value.encode()) == value
        assert '"s"' not in value.encode()  # no stage, not even an empty one
    assert PickValue.decode('{"r":"r1","q":"q.one","c":"B"}').shown == "B"
    assert PickValue.decode('{"r":"r1","q":"q.one","c":"dont_know"}').shown is DONT_KNOW


def test_a_button_from_before_the_shuffle_is_taken_as_the_stage_it_showed() -> None:
    assert PickValue.decode('{"r":"r1","q":"q.one","s":2}').shown == ShownStage(2)


@pytest.mark.parametrize(
    "raw",
    [
        '{"r":"r1","q":"q.one"}',
        '{"r":"r1","q":"q.one","c":"B","s":2}',
        '{"r":"r1","q":"q.one","c":"E"}',
        '{"r":"r1","q":"q.one","c":"b"}',
        '{"r":"r1","q":"q.one","c":2}',
        '{"r":"r1","q":"q.one","c":null}',
        '{"r":"r1","q":"q.one","c":"dont know"}',
    ],
)
def test_a_pick_is_one_letter_or_dont_know(raw: str) -> None:
    with pytest.raises(BadRequest, match="nothing was changed"):
        PickValue.decode(raw)


@pytest.mark.parametrize(
    "raw",
    [None, True, 5, 1.5, [], ["{}"], {"r": "r1"}, "", "{}", '{"r": "r1", "x": 1}', '{"r": ""}'],
)
def test_anything_else_is_refused(raw: object) -> None:
    with pytest.raises(BadRequest, match="nothing was changed") as refused:
        ResponseRef.decode(raw)
    assert refused.value.log_detail.startswith("unparseable ResponseRef: ")


@pytest.mark.parametrize("stage", ['"2"', '"01"', '" 3"', '"+2"', "2.0", "true", "1e0", "null"])
def test_a_stage_is_an_exact_integer_or_refused(stage: str) -> None:
    """Lax parsing would read each of these as a stage (`true` as Stage 1); we only ever write
    an integer, so nothing else is one."""
    with pytest.raises(BadRequest, match="nothing was changed"):
        PickValue.decode(f'{{"r":"r1","q":"q.one","s":{stage}}}')
    assert PickValue.decode('{"r":"r1","q":"q.one","s":2}').stage == 2
