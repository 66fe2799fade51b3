"""Build `standin/slack_methods.json` from Slack's own OpenAPI description of the Web API.

The Slack stand-in checks every call the bot makes against this table: the method must exist and
its required arguments must be there. The stand-in ships in the package and runs where the
reference files are absent (`readiness demo` on someone's laptop), so the table is generated once
from `slack_web_openapi_v2.json` (slackapi/slack-api-specs, MIT; the licence is copied beside the
table) and committed.

The specification dates from 2020. Two methods added since, which the bot uses for uploads, are
added by hand from their documentation and kept apart under `manual_additions`; `files.upload`,
which the specification still lists, is marked under `retired` because Slack has retired it;
`oauth.v2.access`, whose arguments changed with token rotation, is corrected (`CORRECTIONS`,
each with the documentation it follows).

    python3 scripts/build_slack_method_table.py            # rewrite the packaged table
    python3 scripts/build_slack_method_table.py --check    # exit 1 if the table is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Slack's reference files sit beside the repository (../shared/reference).
DEFAULT_SPEC = ROOT.parent / "shared" / "reference" / "slack_web_openapi_v2.json"
DEFAULT_OUTPUT = ROOT / "standin" / "slack_methods.json"

HTTP_VERBS = ("get", "post", "put", "delete", "patch")

MANUAL_ADDITIONS: dict[str, dict[str, Any]] = {
    "files.getUploadURLExternal": {
        "http_methods": ["POST"],
        "required": ["filename", "length"],
        "takes_token": True,
        "token_required": True,
        "documentation": "https://docs.slack.dev/reference/methods/files.getUploadURLExternal",
    },
    "files.completeUploadExternal": {
        "http_methods": ["POST"],
        "required": ["files"],
        "takes_token": True,
        "token_required": True,
        "documentation": "https://docs.slack.dev/reference/methods/files.completeUploadExternal",
    },
}

CORRECTIONS: dict[str, dict[str, Any]] = {
    # The 2020 specification requires `code`; token rotation came later, and a refresh
    # (grant_type=refresh_token) sends a refresh_token instead. Slack's current reference lists
    # every argument as optional; the stand-in's handler checks which grant needs what.
    "oauth.v2.access": {
        "required": [],
        "documentation": "https://docs.slack.dev/reference/methods/oauth.v2.access",
    },
}

RETIRED = {
    "files.upload": (
        "Slack has retired files.upload; upload with files.getUploadURLExternal and "
        "files.completeUploadExternal (slack_sdk's WebClient.files_upload_v2)"
    ),
}


def build_table(spec: dict[str, Any]) -> dict[str, Any]:
    """The packaged table for an OpenAPI 2.0 document shaped like Slack's."""
    methods: dict[str, Any] = {}
    for path, operations in sorted(spec["paths"].items()):
        name = path.lstrip("/")
        verbs: list[str] = []
        required: set[str] = set()
        takes_token = token_required = False
        for verb in HTTP_VERBS:
            operation = operations.get(verb)
            if operation is None:
                continue
            verbs.append(verb.upper())
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "token":
                    takes_token = True
                    token_required = token_required or bool(parameter.get("required"))
                elif parameter.get("required"):
                    required.add(parameter["name"])
        methods[name] = {
            "http_methods": verbs,
            "required": sorted(required),
            "takes_token": takes_token,
            "token_required": token_required,
        }
    for name, correction in CORRECTIONS.items():
        methods[name] = {**methods[name], **correction}
    overlap = sorted(set(methods) & set(MANUAL_ADDITIONS))
    if overlap:
        raise SystemExit(f"the specification now has {overlap}; drop them from MANUAL_ADDITIONS")
    return {
        "generated_by": "scripts/build_slack_method_table.py",
        "source": (
            "slack_web_openapi_v2.json from slackapi/slack-api-specs "
            "(web-api/slack_web_openapi_v2_without_examples.json), MIT: see LICENSE-slack-api-specs"
        ),
        "source_version": spec.get("info", {}).get("version", ""),
        "note": (
            "http_methods is what the 2020 specification lists; Slack accepts GET and POST for "
            "these methods alike, so the stand-in does not enforce it. The specification marks "
            "`token` optional on some methods that do need one; the stand-in requires a token "
            "wherever the method takes one (takes_token)."
        ),
        "methods": methods,
        "manual_additions": MANUAL_ADDITIONS,
        "retired": RETIRED,
    }


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="Slack's OpenAPI file")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="table to write")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if different")
    args = parser.parse_args(argv)
    if not args.spec.exists():
        print(f"no specification at {args.spec}", file=sys.stderr)
        return 2
    text = render(build_table(json.loads(args.spec.read_text(encoding="utf-8"))))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(json.loads(text)['methods'])} methods to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
