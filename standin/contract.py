"""The Web API's contract as Slack publishes it: which methods exist and what each requires.

Read from `slack_methods.json`, generated from Slack's OpenAPI description by
`scripts/build_slack_method_table.py` and shipped in the package, so the check runs wherever the
stand-in does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class MethodSpec:
    name: str
    http_methods: tuple[str, ...]
    required: tuple[str, ...]
    takes_token: bool
    token_required: bool
    manual: bool = False


@dataclass(frozen=True)
class MethodTable:
    methods: dict[str, MethodSpec]
    retired: dict[str, str]

    def get(self, name: str) -> MethodSpec | None:
        return self.methods.get(name)


@cache
def method_table() -> MethodTable:
    text = resources.files("standin").joinpath("slack_methods.json").read_text("utf-8")
    raw = json.loads(text)
    methods: dict[str, MethodSpec] = {}
    for section, manual in (("methods", False), ("manual_additions", True)):
        for name, entry in raw[section].items():
            methods[name] = MethodSpec(
                name=name,
                http_methods=tuple(entry["http_methods"]),
                required=tuple(entry["required"]),
                takes_token=bool(entry["takes_token"]),
                token_required=bool(entry["token_required"]),
                manual=manual,
            )
    return MethodTable(methods=methods, retired=dict(raw.get("retired", {})))
