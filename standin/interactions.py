"""What a person can do on a surface, checked the way Slack's client checks it.

A person can only act on an element they see; Slack's client will not submit a modal with a
required input left empty or text outside its length limits; `response_action: errors` may only
point at the modal's input blocks. The driver fails a test here, before sending anything Slack
never would.
"""

from __future__ import annotations

from collections.abc import Sequence

from standin.blockkit import interactive_elements
from standin.records import JSON, View
from standin.state import SlackError


def find_element(
    blocks: Sequence[JSON],
    action_id: str,
    value: str | None,
    block_id: str | None,
    *,
    where: str,
) -> tuple[JSON, JSON]:
    candidates = [
        (block, element)
        for block, element in interactive_elements(blocks)
        if element.get("action_id") == action_id
        and (block_id is None or block.get("block_id") == block_id)
        and (value is None or element.get("value") == value)
    ]
    if not candidates:
        shown = [
            f"{e.get('action_id')}={e.get('value')!r}" if "value" in e else str(e.get("action_id"))
            for _, e in interactive_elements(blocks)
        ]
        raise AssertionError(
            f"no element {action_id!r}"
            + (f" with value {value!r}" if value is not None else "")
            + f" in {where}; a person there can act on: {shown or 'nothing'}"
        )
    if len(candidates) > 1:
        raise AssertionError(
            f"{len(candidates)} elements {action_id!r} in {where}; pass value= or block_id="
        )
    return dict(candidates[0][0]), dict(candidates[0][1])


def input_element(record: View, block_id: str, action_id: str) -> JSON:
    for block in record.blocks:
        if block.get("type") == "input" and block.get("block_id") == block_id:
            element = block.get("element") or {}
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"view {record.id} has no input {block_id}/{action_id}")


def check_client_side(record: View, values: JSON) -> None:
    """What Slack's client refuses before anything is sent: empty required inputs, text
    outside min_length/max_length. `values` is the view's current `state.values`."""
    for block in record.blocks:
        if block.get("type") != "input" or block.get("optional"):
            continue
        element = block.get("element") or {}
        entry = values.get(block["block_id"], {}).get(element.get("action_id"), {})
        filled = [v for k, v in entry.items() if k != "type" and v not in (None, "", [])]
        label = (block.get("label") or {}).get("text", block["block_id"])
        if not filled:
            raise AssertionError(f"Slack would not submit: required input {label!r} is empty")
        text = entry.get("value")
        if isinstance(text, str):
            if len(text) < int(element.get("min_length", 0)):
                raise AssertionError(f"Slack would not submit: {label!r} is too short")
            if len(text) > int(element.get("max_length", 3000)):
                raise AssertionError(f"Slack would not submit: {label!r} is too long")


def checked_errors(record: View, errors: object) -> dict[str, str]:
    """`response_action: errors` may only name input blocks of the view."""
    if not isinstance(errors, dict) or not errors:
        raise SlackError(
            "invalid_arguments", messages=["[ERROR] errors must be a non-empty object"]
        )
    inputs = {b.get("block_id") for b in record.blocks if b.get("type") == "input"}
    unknown = sorted(set(errors) - inputs)
    if unknown:
        raise SlackError(
            "invalid_arguments",
            messages=[f"[ERROR] errors name blocks that are not inputs of the view: {unknown}"],
        )
    return {str(k): str(v) for k, v in errors.items()}
