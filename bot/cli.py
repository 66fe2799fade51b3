"""The `readiness` command: every way of running the project, from one entry point."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scoring import FrameworkError, load_framework, score_team

if TYPE_CHECKING:
    from flows.reports import RunSummary
    from flows.services import Services


def _framework_command(args: argparse.Namespace) -> int:
    from bot.report.plain_text import render_framework

    framework = load_framework(args.framework)
    if args.json:
        print(framework.model_dump_json(indent=2))
    else:
        print(render_framework(framework))
    return 0


def _score_command(args: argparse.Namespace) -> int:
    # imported when first needed (`readiness score` only): keeps start-up short
    from bot.report.plain_text import render_team_profile
    from scoring.answers_csv import CsvAnswersError, read_answers_file, template_csv
    from scoring.export import team_summary

    framework = load_framework(args.framework)
    if args.template:
        sys.stdout.write(template_csv(framework))
        return 0
    if args.file is None:
        return _fail("give the CSV file to score (- reads standard input), or --template")
    where = "standard input" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return _fail(f"cannot read {where}: {exc.strerror or exc}")
    try:
        read = read_answers_file(data, framework)
    except CsvAnswersError as exc:
        return _fail(f"{where}: {exc}")
    for note in read.notes:
        print(f"readiness: note: {note}", file=sys.stderr)
    team = score_team(framework, [r.answers for r in read.respondents])
    if args.json:
        print(json.dumps(team_summary(framework, team), indent=2))
    else:
        print(render_team_profile(framework, team))
    return 0


def _db_upgrade_command(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.run_modes.preflight import open_database
    from storage.schema import current_revision, head_revision, upgrade

    settings = Settings()
    database = open_database(settings, current_schema=False)
    key = settings.token_key.get_secret_value() if settings.token_key else None
    try:
        before = current_revision(database.engine)
        upgrade(database.engine, token_key=key)
        where = database.url.render_as_string(hide_password=True)
        head = head_revision()
        if before == head:
            print(f"{where} is already at the latest revision ({head}).")
        else:
            print(f"Upgraded {where} from {before or 'empty'} to {head}.")
    finally:
        database.dispose()
    return 0


def _token_key_command(args: argparse.Namespace) -> int:
    from storage.token_cipher import TokenCipher

    print(TokenCipher.new_key())
    return 0


def _rotate_token_key_command(args: argparse.Namespace) -> int:
    """Re-encrypt every stored token with the first key of READINESS_TOKEN_KEY."""
    from bot.config import ConfigurationError, Settings
    from bot.run_modes.preflight import open_database
    from storage.token_cipher import reseal_stored_tokens

    settings = Settings()
    cipher = settings.token_cipher()
    if cipher is None:
        raise ConfigurationError(
            "READINESS_TOKEN_KEY is not set: set it to the new key, a comma, then the old key(s)"
        )
    database = open_database(settings)
    try:
        with database.engine.begin() as connection:
            written = reseal_stored_tokens(connection, cipher)
    finally:
        database.dispose()
    print(f"Re-encrypted {written} stored tokens with the first key; the others can go now.")
    return 0


def _serve_command(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.run_modes.start import run_http

    settings = Settings()
    if args.port is not None:
        settings.port = args.port
    run_http(settings)
    return 0


def _socket_command(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.run_modes.start import run_socket_mode

    run_socket_mode(Settings())
    return 0


def _manifest_command(args: argparse.Namespace) -> int:
    from bot.slack_app import manifest
    from bot.slack_app.public_url import NotAPublicUrl

    if args.oauth and args.socket:
        return _fail("--oauth installs need HTTP mode: use it with --url, not --socket")
    try:
        data = manifest(base_url=args.url, socket_mode=args.socket, oauth=args.oauth)
    except NotAPublicUrl as refusal:
        return _fail(str(refusal))
    print(json.dumps(data, indent=2))
    return 0


def _demo_command(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.run_modes.demo import run_demo

    return run_demo(Settings(), sys.stdout, output=args.output, socket_mode=args.socket)


def _open_services() -> Services:
    from bot.config import Settings
    from bot.run_modes.preflight import open_database
    from flows.services import Services

    return Services(database=open_database(Settings()))


def _export_command(args: argparse.Namespace) -> int:
    import csv

    from flows.reports import run_result
    from scoring.export import CSV_COLUMNS, csv_rows, profile_summary, team_summary

    services = _open_services()
    result = run_result(services, run_id=args.run)
    framework = result.framework
    if result.team is not None:
        summary = team_summary(framework, result.team)
    else:
        summary = profile_summary(framework, result.profile)
    summary = {
        "run": result.run_id,
        "kind": result.kind.value,
        "finished_at": result.finished_at.isoformat(),
        **summary,
    }
    output = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "json":
            json.dump(summary, output, indent=2)
            output.write("\n")
        else:
            writer = csv.DictWriter(output, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(csv_rows(framework, summary))
    finally:
        if args.output:
            output.close()
    return 0


def _runs_command(args: argparse.Namespace) -> int:
    from flows.reports import recent_runs

    found = recent_runs(_open_services(), limit=args.limit)
    if not found:
        print("No assessment runs yet.")
        return 0
    rows = [run_row(run) for run in found]
    widths = [max(len(row[i]) for row in [RUN_COLUMNS, *rows]) for i in range(len(RUN_COLUMNS))]
    for row in [RUN_COLUMNS, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print("\nreadiness report takes a run id, or a channel for its latest team profile.")
    return 0


RUN_COLUMNS = ("run", "where", "kind", "status", "opened", "closed", "finished")


def run_row(run: RunSummary) -> tuple[str, ...]:
    """A run as `readiness runs` lists it: a team run's channel by name ("#cs-team") when Slack
    has told us it, else its id; an individual run's person by id (people's names are never
    kept); dates as people read them."""
    from bot.messages.dates import short_date
    from storage.models import RunKind

    if run.kind is RunKind.TEAM:
        where = f"#{run.channel_name}" if run.channel_name else run.where
    else:
        where = f"person {run.where}"
    return (
        run.run_id,
        where,
        run.kind.value,
        run.status.value,
        short_date(run.opened_at),
        short_date(run.closed_at) if run.closed_at is not None else "-",
        str(run.finished),
    )


def _report_command(args: argparse.Namespace) -> int:
    from bot.report.chart import radar_png
    from bot.report.html import render_html
    from bot.report.run_result import report_data
    from flows.reports import run_named, run_result

    services = _open_services()
    data = report_data(run_result(services, run_id=run_named(services, args.run)))
    if args.html is None and args.png is None:
        return _fail("say where to write the report: --html FILE and/or --png FILE")
    if args.html is not None:
        args.html.write_text(render_html(data), encoding="utf-8")
        print(f"Wrote {args.html}")
    if args.png is not None:
        args.png.write_bytes(radar_png(data))
        print(f"Wrote {args.png}")
    return 0


def _fail(message: str) -> int:
    print(f"readiness: {message}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readiness",
        description="The Outcome Readiness Assessment for Customer Success teams.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on a setup mistake, show the full traceback as well as the one-line reason",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    framework = commands.add_parser(
        "framework", help="print the assessment: stages, dimensions, questions and answer options"
    )
    framework.add_argument("--json", action="store_true", help="print it as JSON")
    framework.set_defaults(handler=_framework_command)

    score = commands.add_parser("score", help="score a team's answers from a CSV file")
    score.add_argument(
        "file",
        nargs="?",
        help="CSV: one row per respondent, a column per question id, values 1-4 (comma, "
        "semicolon or tab; UTF-8); - reads standard input",
    )
    score.add_argument(
        "--template", action="store_true", help="print an empty CSV with the header to fill in"
    )
    score.add_argument("--json", action="store_true", help="print the team profile as JSON")
    score.set_defaults(handler=_score_command)

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_upgrade = db_commands.add_parser(
        "upgrade", help="create the database or bring it to the latest schema"
    )
    db_upgrade.set_defaults(handler=_db_upgrade_command)
    db_rotate = db_commands.add_parser(
        "rotate-token-key",
        help="re-encrypt the stored Slack tokens with the first key of READINESS_TOKEN_KEY "
        "(set it to NEW,OLD first)",
    )
    db_rotate.set_defaults(handler=_rotate_token_key_command)

    token_key = commands.add_parser(
        "token-key", help="print a new key for READINESS_TOKEN_KEY (encrypts OAuth tokens)"
    )
    token_key.set_defaults(handler=_token_key_command)

    serve = commands.add_parser(
        "serve", help="run the bot in HTTP mode (Slack sends requests to /slack/events)"
    )
    serve.add_argument("--port", type=int, default=None, help="port to listen on (env PORT)")
    serve.set_defaults(handler=_serve_command)
    socket = commands.add_parser(
        "socket", help="run the bot in Socket Mode (no public URL needed; needs SLACK_APP_TOKEN)"
    )
    socket.set_defaults(handler=_socket_command)

    app_manifest = commands.add_parser(
        "manifest", help="print the Slack app manifest to create the app from"
    )
    where = app_manifest.add_mutually_exclusive_group()
    where.add_argument(
        "--url",
        help="the bot's public HTTPS base URL, e.g. https://readiness.acme.com (HTTP mode)",
    )
    where.add_argument("--socket", action="store_true", help="for Socket Mode (no public URL)")
    app_manifest.add_argument(
        "--oauth",
        action="store_true",
        help="for installing in many workspaces through /slack/install (adds the redirect URL, "
        "turns token rotation on)",
    )
    app_manifest.set_defaults(handler=_manifest_command)

    demo = commands.add_parser(
        "demo",
        help="see it work without Slack: a simulated team takes a team run against a local "
        "Slack stand-in",
    )
    demo.add_argument(
        "--output",
        type=Path,
        default=Path("readiness-demo"),
        help="where to write the team's HTML report and chart (default: ./readiness-demo)",
    )
    demo.add_argument(
        "--socket",
        action="store_true",
        help="the same story with the bot in Socket Mode (`readiness socket`) instead of HTTP",
    )
    demo.set_defaults(handler=_demo_command)

    runs = commands.add_parser("runs", help="list recent assessment runs and their ids")
    runs.add_argument("--limit", type=int, default=20)
    runs.set_defaults(handler=_runs_command)

    report = commands.add_parser(
        "report", help="write a finished run's printable report (HTML) and its chart (PNG)"
    )
    report.add_argument(
        "run", help="a run id, or a channel (#cs-team) for its latest team profile, as runs shows"
    )
    report.add_argument("--html", type=Path, default=None, metavar="FILE")
    report.add_argument("--png", type=Path, default=None, metavar="FILE")
    report.set_defaults(handler=_report_command)

    export = commands.add_parser(
        "export", help="a finished run's aggregate results as CSV or JSON (no one's answers)"
    )
    export.add_argument("run", help="the run id")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")
    export.set_defaults(handler=_export_command)

    for sub in (framework, score):
        sub.add_argument(
            "--framework",
            type=Path,
            default=None,
            metavar="TOML",
            help="use this framework file instead of the shipped one",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from bot.config import ConfigurationError
    from flows.errors import UserFacingError
    from storage.errors import SchemaOutOfDate, TokenKeyError

    try:
        status: int = args.handler(args)
        # Written out here, so a reader that stopped early is met below, not at exit.
        sys.stdout.flush()
    except (
        FrameworkError,
        ConfigurationError,
        SchemaOutOfDate,
        UserFacingError,
        TokenKeyError,
    ) as exc:
        if args.debug:
            raise
        # The cause in full for whoever runs at LOG_LEVEL=DEBUG; the person reads one line.
        logging.getLogger(__name__).debug("%s", exc, exc_info=True)
        return _fail(str(exc))
    except BrokenPipeError:
        return _reader_went_away()
    return status


def _reader_went_away() -> int:
    """`readiness runs | head -3`: the reader closed the pipe, as is its right. What is left
    to write goes nowhere (Python's documented way), instead of a BrokenPipeError at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


if __name__ == "__main__":
    sys.exit(main())
