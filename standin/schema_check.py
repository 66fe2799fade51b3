"""Every call checked against Slack's own types: the JSON Schemas made from Slack's Node SDK.

`slack_types/` holds JSON Schemas (draft 7) generated from `@slack/types` and `@slack/web-api`
(MIT, see `slack_types/LICENSE-slack-node-sdk`): a message's `blocks`, a view as the app sends
it, and the arguments of the current Web API methods. They know every field and element Slack
does, so a misspelt field, an element where a block does not take it, a view without its title
or a call missing an argument is refused here as Slack refuses it, not first in production. They
carry no length limits; `blockkit.py` keeps those on top.

The schemas are large (a few hundred kB each): each is read and its validator built once, on
first use, and kept. Errors are turned into Slack's own form, one `Problem` per mistake at a JSON
pointer into what was sent; where the schema offers alternatives (`anyOf`: "a block is a
section or a header or ..."), the alternative the payload meant is picked by its `type` so the
problem named is the real one (`/blocks/2/accessory/action_id`), not "matches none of 20 shapes".
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft7Validator, ValidationError, validators

from standin.blockkit import Problem

# Arguments checked by their own, stricter schema (`blocks`, `view`) once the method runs: in an
# argument schema they are only required to be an array / an object. The argument schemas allow
# any `{type, block_id}` object as a block (the SDK's catch-all `Block`), and checking a
# 15-question form once per alternative of an `anyOf` would cost more than the call itself.
CHECKED_ON_THEIR_OWN = {"blocks": {"type": "array"}, "view": {"type": "object"}}
# Where the SDK's types are wrong about what Slack accepts. files.getUploadURLExternal's
# screen-reader text is `alt_txt` in Slack's method reference and in Slack's Python SDK
# (`WebClient.files_getUploadURLExternal(alt_txt=...)`, which `files_upload_v2` calls); the Node
# types call it `alt_text`, which Slack does not read. And every method takes `team_id`: Slack's
# Python SDK adds the workspace's id to every call when the client knows it (bolt's per-request
# client does), and Slack reads it to pick the workspace an org-wide token acts in; the Node
# types list it only on the methods where an org-wide token must send it.
SCHEMA_OMITS: dict[str, dict[str, Any]] = {
    "files.getUploadURLExternal": {"alt_txt": {"type": "string"}},
}

# The SDK's "any other block" (`{type, block_id}`): a view's blocks may be one as far as the
# types go, but Slack refuses a block type it does not know, so a block that only fits this one
# is reported as of an unknown type rather than as having fields this one lacks.
CATCH_ALL_BLOCK = {"$ref": "#/definitions/Block"}


def _data() -> Traversable:
    return resources.files("standin").joinpath("slack_types")


@cache
def _read(name: str) -> dict[str, Any]:
    loaded = json.loads(_data().joinpath(name).read_text("utf-8"))
    assert isinstance(loaded, dict)
    _dispatch_on_type(loaded.get("definitions", {}))
    return _inlined(loaded)


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each local `$ref` replaced by the definition it names (shared, not
    copied), except where a definition refers back to itself: looking a `$ref` up costs more
    than checking what it points to. Draft 7 ignores a `$ref`'s sibling keywords, so nothing
    else changes."""
    definitions = schema.get("definitions", {})
    done: dict[str, Any] = {}

    def inline(node: Any, trail: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, trail) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            name = _definition(ref)
            if name in trail:
                return node
            if name not in done:
                done[name] = inline(definitions[name], (*trail, name))
            return done[name]
        return {key: inline(value, trail) for key, value in node.items()}

    root = inline({k: v for k, v in schema.items() if k != "definitions"}, ())
    return {**root, "definitions": definitions}


def _dispatch_on_type(definitions: dict[str, Any]) -> None:
    """Mark each "one of these blocks / elements" (`anyOf`, each alternative with its own
    `type` constant) so the alternative is picked by `type` (`DISPATCH`), in place.

    Same verdicts, a fraction of the work: a plain `anyOf` validates a block against every kind
    of block until one fits, and a 15-question form took most of a second. A payload whose
    `type` is none of them meets the original `anyOf`, which reports it as not allowed.
    """
    rewritten: dict[str, Any] = {}
    for name, definition in definitions.items():
        branches = definition.get("anyOf") if isinstance(definition, dict) else None
        if not branches:
            continue
        by_type = _alternatives_by_type(branches, definitions, depth=0)
        if by_type is None:
            continue
        chain = {
            DISPATCH: {
                kind: alternatives[0] if len(alternatives) == 1 else {"anyOf": alternatives}
                for kind, alternatives in by_type.items()
            },
            "anyOf": branches,
        }
        rewritten[name] = {**definition, **chain}
    definitions.update(rewritten)


def _alternatives_by_type(
    branches: list[Any], definitions: Mapping[str, Any], depth: int
) -> dict[str, list[Any]] | None:
    """Each `type` constant with the alternatives that have it; None if one has none."""
    found: dict[str, list[Any]] = {}
    for branch in branches:
        target = branch
        while isinstance(target, Mapping) and "$ref" in target:
            target = definitions.get(_definition(target["$ref"]))
        if not isinstance(target, Mapping):
            return None
        if "anyOf" in target and depth < 5:
            nested = _alternatives_by_type(target["anyOf"], definitions, depth + 1)
            if nested is None:
                return None
            for kind, alternatives in nested.items():
                found.setdefault(kind, []).extend(alternatives)
            continue
        kind = target.get("properties", {}).get("type", {}).get("const")
        if not isinstance(kind, str):
            return None
        found.setdefault(kind, []).append(branch)
    return found


DISPATCH = "x-standin-by-type"


def _by_type(
    validator: Draft7Validator, by_type: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """The `DISPATCH` keyword: validate against the alternative this payload's `type` names, or
    (none does) against the original `anyOf`, which then reports the type as not allowed."""
    kind = instance.get("type") if isinstance(instance, dict) else None
    if isinstance(kind, str) and kind in by_type:
        yield from validator.descend(instance, by_type[kind])
    else:
        yield from validator.descend(instance, {"anyOf": schema["anyOf"]})


def _any_of_unless_dispatched(
    validator: Draft7Validator, any_of: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if DISPATCH not in schema:
        yield from PLAIN_ANY_OF(validator, any_of, instance, schema)


PLAIN_ANY_OF: Callable[..., Iterator[ValidationError]] = Draft7Validator.VALIDATORS["anyOf"]

Validator: type[Draft7Validator] = validators.extend(  # type: ignore[no-untyped-call]
    Draft7Validator, {DISPATCH: _by_type, "anyOf": _any_of_unless_dispatched}
)


@cache
def _blocks_validator() -> Draft7Validator:
    return Validator(_read("slack_block_kit_blocks.schema.json"))


@cache
def _view_validator() -> Draft7Validator:
    return Validator(_read("slack_block_kit_view.schema.json"))


@cache
def methods_with_schema() -> frozenset[str]:
    """The Web API methods whose arguments Slack's SDK types describe."""
    folder = _data().joinpath("arguments")
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )


@dataclass(frozen=True)
class ArgumentSchema:
    validator: Draft7Validator
    property_types: Mapping[str, frozenset[str]]
    """For each argument, the JSON types it may take: how to read a form post's strings."""


@cache
def _argument_schema(method: str) -> ArgumentSchema:
    schema = copy.deepcopy(_read(f"arguments/{method}.json"))
    definitions = schema["definitions"]
    property_types: dict[str, set[str]] = {}
    for shape in _argument_shapes(schema, definitions):
        properties = shape.get("properties", {})
        for name in CHECKED_ON_THEIR_OWN:
            if name in properties:
                properties[name] = dict(CHECKED_ON_THEIR_OWN[name])
        if shape.get("type") == "object":
            for name, subschema in SCHEMA_OMITS.get(method, {}).items():
                properties.setdefault(name, subschema)
            properties.setdefault("team_id", {"type": "string"})
        for name, subschema in properties.items():
            property_types.setdefault(name, set()).update(_types(subschema, definitions))
    return ArgumentSchema(
        validator=Validator(schema),
        property_types={name: frozenset(types) for name, types in property_types.items()},
    )


def preload() -> None:
    """Read and build every schema now, once per process: later calls, made while the stand-in
    holds its lock, then cost only their own validation (a first chat.postMessage would
    otherwise pay about 140 ms, long enough to make a busy test wait for its question)."""
    _blocks_validator()
    _view_validator()
    for method in methods_with_schema():
        _argument_schema(method)


def _argument_shapes(schema: Mapping[str, Any], definitions: Mapping[str, Any]) -> list[Any]:
    """The object schemas a method's arguments may take (one, or the branches of an anyOf)."""
    node = schema
    while "$ref" in node:
        node = definitions[_definition(node["$ref"])]
    branches = node.get("anyOf") or node.get("oneOf")
    if branches is None:
        return [node]
    return [shape for branch in branches for shape in _argument_shapes(branch, definitions)]


def _definition(ref: str) -> str:
    """The definition a local `$ref` names (`#/definitions/A%3CB%3E` is `A<B>`)."""
    return unquote(ref.rsplit("/", 1)[-1])


def _types(schema: Any, definitions: Mapping[str, Any], depth: int = 0) -> set[str]:
    if not isinstance(schema, Mapping) or depth > 10:
        return {"any"}
    if "$ref" in schema:
        return _types(definitions[_definition(schema["$ref"])], definitions, depth + 1)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        return {kind for branch in branches for kind in _types(branch, definitions, depth + 1)}
    kind = schema.get("type")
    if kind is None:
        return {"any"}
    return set(kind) if isinstance(kind, list) else {kind}


def argument_problems(method: str, args: Mapping[str, Any]) -> list[Problem]:
    """What Slack's types find wrong with one call's arguments (empty when it has no schema).

    A form post carries every argument as a string: each is read as the type the method takes
    (`"1"`/`"true"` a boolean, `"20"` a number, a JSON string an object or array). A structured
    argument that is not JSON at all is left to the method, which refuses it with Slack's own
    error for it (`invalid_blocks_format`, …).
    """
    if method not in methods_with_schema():
        return []
    schema = _argument_schema(method)
    instance: dict[str, Any] = {}
    for name, value in args.items():
        if value is None or value == "":
            continue  # Slack reads an empty argument as one not sent
        read = _as_type(value, schema.property_types.get(name, frozenset({"any"})))
        if read is _NOT_JSON:
            return []
        instance[name] = read
    return problems_of(schema.validator.iter_errors(instance))


def blocks_problems(blocks: object, *, pointer: str = "/blocks") -> list[Problem]:
    """What Slack's types find wrong with a message's `blocks` array."""
    return problems_of(_blocks_validator().iter_errors(blocks), prefix=pointer)


def view_schema_problems(view: object, *, pointer: str = "/view") -> list[Problem]:
    """What Slack's types find wrong with a view as an app sends it (modal or Home tab)."""
    return problems_of(_view_validator().iter_errors(view), prefix=pointer)


_NOT_JSON = object()


def _as_type(value: Any, types: frozenset[str]) -> Any:
    if not isinstance(value, str) or "string" in types or "any" in types:
        return value
    text = value.strip()
    if "boolean" in types and text.lower() in ("1", "0", "true", "false"):
        return text.lower() in ("1", "true")
    if types & {"number", "integer"}:
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return value
    if types & {"object", "array"}:
        try:
            return json.loads(text)
        except ValueError:
            return _NOT_JSON
    return value


def problems_of(errors: Iterable[ValidationError], *, prefix: str = "") -> list[Problem]:
    """Slack-style problems, each at the place in the payload it is about."""
    problems: list[Problem] = []
    for error in errors:
        _, leaves = _explain(error)
        for path, message in leaves:
            problem = Problem(prefix + "".join(f"/{step}" for step in path), message)
            if problem not in problems:
                problems.append(problem)
    return problems


Leaf = tuple[tuple[Any, ...], str]


def _explain(error: ValidationError, base: tuple[Any, ...] = ()) -> tuple[bool, list[Leaf]]:
    """(ruled_out, leaves): `ruled_out` when the payload is plainly not of this shape (its
    `type` is another block's or element's, or it is not even an object), so an alternative
    that fits better should be reported instead."""
    path = base + tuple(error.relative_path)
    value: Any = error.validator_value
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        candidates: list[tuple[tuple[int, int, int], list[Leaf]]] = []
        for index, (branch, errors) in enumerate(sorted(branches.items())):
            if value[branch] == CATCH_ALL_BLOCK:
                continue
            explained = [_explain(sub, path) for sub in errors]
            if any(
                ruled_out and (sub.validator not in ("anyOf", "oneOf") or not sub.relative_path)
                for sub, (ruled_out, _) in zip(errors, explained, strict=True)
            ):
                continue
            leaves = [leaf for _, found in explained for leaf in found]
            depth = max((len(leaf_path) for leaf_path, _ in leaves), default=0)
            candidates.append(((-depth, len(leaves), index), leaves))
        if candidates:
            return False, min(candidates, key=lambda candidate: candidate[0])[1]
        instance = error.instance
        if isinstance(instance, Mapping) and "type" in instance:
            return True, [((*path, "type"), f"type '{instance['type']}' is not allowed here")]
        return True, [(path, "is not any of the shapes allowed here")]
    relative = tuple(error.relative_path)
    if error.validator in ("const", "enum") and relative == ("type",):
        return True, [(path, _message(error))]
    if error.validator == "type" and not relative:
        return True, [(path, _message(error))]
    if error.validator == "required":
        given: Any = error.instance
        missing = [name for name in value if name not in given]
        return False, [((*path, name), f"missing required field: {name}") for name in missing]
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        extra = [name for name in error.instance if name not in known]
        return False, [((*path, name), f"'{name}' is not a field here") for name in extra]
    return False, [(path, _message(error))]


def _message(error: ValidationError) -> str:
    value: Any = error.validator_value
    if error.validator == "const":
        return f"must be {json.dumps(value)}"
    if error.validator == "enum":
        return "must be one of " + ", ".join(json.dumps(item) for item in value)
    if error.validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return "must be " + " or ".join(
            f"a {kind}" if kind != "array" else "an array" for kind in kinds
        )
    if error.validator == "minItems":
        return f"must provide at least {value} items"
    if error.validator == "maxItems":
        return f"must provide at most {value} items"
    return error.message


def dotted(pointer: str) -> str:
    """A JSON pointer as a reader writes the path: `/blocks/2/accessory` → `blocks[2].accessory`."""
    text = ""
    for step in pointer.strip("/").split("/") if pointer.strip("/") else []:
        text += f"[{step}]" if step.isdigit() else (f".{step}" if text else step)
    return text
