"""The ``kondan`` command line (see DESIGN.md, Interfaces that stay stable).

A user's mistake prints one line to stderr and exits non-zero, no traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from facilitation.core.errors import InvalidInput, UserError
from facilitation.core.i18n import translate
from facilitation.core.settings import Settings, get_settings

if TYPE_CHECKING:
    from facilitation.core.db import Database
    from facilitation.islands.suggest import NoteIn

# Each command imports what it needs when it runs: `kondan transcribe` then
# starts in a fraction of the time it took to load every command's modules
# (Word, GiNZA, embeddings, backup) first.


def _open_database(settings: Settings) -> Database:
    from facilitation.core.db import Database
    from facilitation.core.migrate import upgrade
    from facilitation.documents.people import use_database

    database = Database(settings.database_url)
    upgrade(database)
    use_database(database)  # the name finder's answers are kept there
    return database


def _demo(_args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.ops.demo import seed_demo
    from facilitation.workshops.codes import format_join_code
    from facilitation.workshops.setup import load_setup

    database = _open_database(settings)
    with database.write() as session:
        workshop = seed_demo(session=session)
        setup = load_setup(session=session, workshop_id=workshop.id)
    payload = {
        "workshop_id": workshop.id,
        "groups": [
            {"name": g.name, "code": g.join_code, "display_code": format_join_code(g.join_code)}
            for g in setup.groups
        ],
    }
    print(json.dumps(payload, ensure_ascii=False))
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.accounts import ensure_admin

    database = _open_database(settings)
    print("database is at the newest revision")
    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    with database.write() as session:
        one_time = ensure_admin(session=session, username=settings.admin_user, password=password)
    if one_time:
        print(
            f"first administrator: {settings.admin_user}, one-time password: {one_time} "
            "(change it at sign-in)"
        )
    return 0


def _transcribe(args: argparse.Namespace, settings: Settings) -> int:
    from transcripts.audio import AudioLimits, decode_audio
    from transcripts.formats import export
    from transcripts.glossary import apply_notation
    from transcripts.models import load_engine
    from transcripts.vocabulary import hotwords_for, notation_rules

    database = _open_database(settings)
    with database.read() as session:
        rules = notation_rules(session=session)
        hotwords = (
            hotwords_for(session=session, district=None, workshop_id=None)
            if args.hotwords is None
            else (args.hotwords.strip() or None)
        )
    audio = decode_audio(Path(args.file), AudioLimits.from_settings(settings))
    for key, params in audio.warnings:
        print(f"kondan: {translate(key, 'en', **params)}", file=sys.stderr)
    engine = load_engine(args.model, settings.models_dir)
    language = None if args.language == "auto" else args.language
    transcript = engine.transcribe(audio.samples, language=language, hotwords=hotwords)
    segments = [type(s)(s.start, s.end, apply_notation(s.text, rules)) for s in transcript.segments]
    print(export(segments, args.format, language=transcript.language, duration=audio.duration_s))
    return 0


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.documents.people import NameWarmer, default_finder
    from transcripts.worker import main as worker_main

    # Besides transcribing, the worker finds names in new texts ahead of time,
    # so that masked documents only look them up (facilitation.documents.people).
    database = _open_database(settings)
    warmer = NameWarmer(default_finder())
    return worker_main(settings, workers=args.workers, ticks=[lambda _db: warmer.tick(database)])


def _actions_export(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.documents.action_export import export_actions
    from facilitation.policy import audit

    database = _open_database(settings)
    with database.read() as session:
        count = export_actions(session=session, fmt=args.format, out=Path(args.out), mask=args.mask)
    with database.write() as session:
        audit.record(session, "export", "actions", f"actions.{args.format}", actor="cli")
    print(f"{count} action items written to {args.out}", file=sys.stderr)
    return 0


def _actions_calendar(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.documents.calendar import action_calendar
    from facilitation.policy import audit

    database = _open_database(settings)
    with database.read() as session:
        data = action_calendar(session=session, district=args.district, person=args.person)
    Path(args.out).write_bytes(data)
    with database.write() as session:
        audit.record(session, "export", "actions", "actions.ics", actor="cli")
    print(f"calendar written to {args.out}", file=sys.stderr)
    return 0


def _minutes(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.documents.minutes import MinutesOptions, build_minutes
    from facilitation.policy import audit
    from facilitation.workshops.setup import load_setup

    database = _open_database(settings)
    with database.read() as session:
        group_ids = None
        if args.tables:
            wanted = {name.strip() for name in args.tables.split(",") if name.strip()}
            setup = load_setup(session=session, workshop_id=args.workshop_id)
            group_ids = tuple(g.id for g in setup.groups if g.name in wanted)
            if len(group_ids) != len(wanted):
                print("kondan: unknown table name in --tables", file=sys.stderr)
                return 1
        data = build_minutes(
            session=session,
            workshop_id=args.workshop_id,
            options=MinutesOptions(
                group_ids=group_ids,
                include_transcript=args.transcript,
                mask_names=args.mask,
                organization=settings.organization,
            ),
        )
    Path(args.out).write_bytes(data)
    with database.write() as session:
        audit.record(session, "export", f"workshop:{args.workshop_id}", "minutes.docx", actor="cli")
    print(f"minutes written to {args.out}", file=sys.stderr)
    return 0


def _recordings_delete(args: argparse.Namespace, settings: Settings) -> int:
    from transcripts.store import delete_recording

    database = _open_database(settings)
    with database.write() as session:
        delete_recording(
            session=session, recording_id=args.recording_id, recordings_dir=settings.recordings_dir
        )
    print(f"recording {args.recording_id} deleted (audio, transcript and jobs)", file=sys.stderr)
    return 0


def _admin_reset_password(args: argparse.Namespace, settings: Settings) -> int:
    """For a lost first password: a new one-time password, printed once."""
    from facilitation.accounts import find_user, reset_password

    database = _open_database(settings)
    with database.write() as session:
        account = find_user(session=session, username=args.username)
        one_time = reset_password(session=session, user_id=account.id)
    print(one_time)
    print(
        f"'{account.username}' must change this one-time password at the next sign-in",
        file=sys.stderr,
    )
    return 0


def _mask(args: argparse.Namespace, _settings: Settings) -> int:
    """Each input line masked exactly as the exports mask it."""
    from facilitation.documents.masking import Masker
    from facilitation.documents.people import default_finder

    if args.file in (None, "-"):
        lines = sys.stdin.read().splitlines()
    else:
        lines = Path(args.file).read_text(encoding="utf-8", errors="replace").splitlines()
    names = [n for n in re.split(r"[,、]", args.names or "") if n.strip()]
    masker = Masker(names, finder=default_finder())
    masker.prepare(lines)
    for line in lines:
        print(masker(line))
    return 0


MAX_ISLAND_NOTES = 2000


def _read_island_notes(source: str) -> list[NoteIn]:
    """``{"notes": [{"text": "…", "category": "…"}, …]}`` from a file or stdin."""
    from facilitation.islands.suggest import NoteIn

    raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidInput("error.islands_json", detail=f"line {error.lineno}") from None
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, list) or len(notes) > MAX_ISLAND_NOTES:
        raise InvalidInput("error.islands_json", detail="notes")
    read = []
    for number, note in enumerate(notes):
        text = note.get("text") if isinstance(note, dict) else None
        category = note.get("category") if isinstance(note, dict) else None
        if not isinstance(text, str) or not (category is None or isinstance(category, str)):
            raise InvalidInput("error.islands_json", detail=f"notes[{number}]")
        read.append(NoteIn(text=text, category=category))
    return read


def _islands_suggest(args: argparse.Namespace, _settings: Settings) -> int:
    """Islands for notes given as JSON: every note index exactly once."""
    from facilitation.islands.embedding import default_embedder
    from facilitation.islands.suggest import suggest_islands

    notes = _read_island_notes(args.file)
    suggestions = suggest_islands(notes, default_embedder(), singletons=True)
    islands = [{"label": s.label, "notes": list(s.notes)} for s in suggestions]
    print(json.dumps({"islands": islands}, ensure_ascii=False, indent=1))
    return 0


def _doctor(args: argparse.Namespace, settings: Settings) -> int:
    """What needs fixing before a workshop; non-zero when anything does."""
    from facilitation.core.db import Database
    from facilitation.ops.doctor import FAIL, OK, WARN, needs_fixing, run_checks

    marks = {OK: "✓", WARN: "!", FAIL: "✗"}
    checks = run_checks(Database(settings.database_url), settings)
    for check in checks:
        title = translate(f"doctor.{check.name}", args.lang)
        message = translate(check.key, args.lang, **check.params)
        print(f"{marks[check.status]} {title}: {message}")
    return 1 if needs_fixing(checks) else 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.ops.backup import backup, describe

    database = _open_database(settings)
    manifest = backup(database=database, recordings_dir=settings.recordings_dir, out=Path(args.out))
    print(f"backup written to {args.out}: {describe(manifest)}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from facilitation.ops.backup import describe, restore

    database = _open_database(settings)
    manifest = restore(
        database=database,
        recordings_dir=settings.recordings_dir,
        archive_path=Path(args.file),
        yes=args.yes,
    )
    print(f"restored and checked: {describe(manifest)}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kondan", description="Kondan (懇談) command line")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="seed a sample workshop; print its ids and join codes as JSON")
    transcribe = commands.add_parser("transcribe", help="transcribe an audio or video file")
    transcribe.add_argument("file")
    transcribe.add_argument("--model", default="base", help="base (bundled), a folder or a name")
    transcribe.add_argument("--language", default="ja", help="a language code, or auto")
    transcribe.add_argument(
        "--hotwords",
        default=None,
        help='glossary terms (default: the stored glossary; "" for none)',
    )
    transcribe.add_argument("--format", default="txt", choices=["txt", "json", "srt", "vtt"])
    minutes = commands.add_parser("minutes", help="write a workshop's Word minutes")
    minutes.add_argument("workshop_id", type=int)
    minutes.add_argument("--out", required=True)
    minutes.add_argument("--transcript", action="store_true", help="append transcript passages")
    minutes.add_argument("--tables", default="", help="table names, comma-separated (default all)")
    minutes.add_argument("--mask", action="store_true", help="mask personal names as ○○")
    worker = commands.add_parser("worker", help="run the transcription worker")
    worker.add_argument("--workers", type=int, default=1)
    action_commands = commands.add_parser("actions", help="action items").add_subparsers(
        dest="actions_command", required=True
    )
    export = action_commands.add_parser("export", help="write every action item to a file")
    export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    export.add_argument("--out", required=True)
    export.add_argument("--mask", action="store_true", help="mask personal details as ○○")
    calendar = action_commands.add_parser(
        "calendar", help="review dates and deadlines as iCalendar (.ics)"
    )
    calendar.add_argument("--out", required=True)
    calendar.add_argument("--district", help="only this district's items")
    calendar.add_argument("--person", help="only items whose owners name this person")
    backup = commands.add_parser("backup", help="back up the database and the recordings")
    backup.add_argument("--out", required=True)
    restore = commands.add_parser("restore", help="restore a backup (checks it afterwards)")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="overwrite a database that has data")
    recordings = commands.add_parser("recordings", help="recordings").add_subparsers(
        dest="recordings_command", required=True
    )
    delete = recordings.add_parser("delete", help="delete a recording, its transcript and jobs")
    delete.add_argument("recording_id", type=int)
    admin = commands.add_parser("admin", help="accounts").add_subparsers(
        dest="admin_command", required=True
    )
    reset = admin.add_parser("reset-password", help="print a new one-time password for USER")
    reset.add_argument("username")
    doctor = commands.add_parser("doctor", help="check what needs fixing before a workshop")
    doctor.add_argument("--lang", choices=("ja", "en"), default="ja")
    islands = commands.add_parser("islands", help="island suggestions").add_subparsers(
        dest="islands_command", required=True
    )
    suggest = islands.add_parser(
        "suggest", help='group {"notes": [{"text", "category"}]} into islands; print JSON'
    )
    suggest.add_argument("file", help="a JSON file, or - for standard input")
    mask = commands.add_parser("mask", help="print each line masked as the exports would")
    mask.add_argument("--names", help='registered names, comma-separated: "民生委員 田中花子,鈴木"')
    mask.add_argument("file", nargs="?", help="a UTF-8 text file; - or none: standard input")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations")
    return parser


_HANDLERS = {
    ("demo", None): _demo,
    ("db", "upgrade"): _db_upgrade,
    ("transcribe", None): _transcribe,
    ("worker", None): _worker,
    ("actions", "export"): _actions_export,
    ("actions", "calendar"): _actions_calendar,
    ("minutes", None): _minutes,
    ("mask", None): _mask,
    ("islands", "suggest"): _islands_suggest,
    ("doctor", None): _doctor,
    ("recordings", "delete"): _recordings_delete,
    ("admin", "reset-password"): _admin_reset_password,
    ("backup", None): _backup,
    ("restore", None): _restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    sub = next(
        (
            getattr(args, name)
            for name in (
                "db_command",
                "actions_command",
                "recordings_command",
                "admin_command",
                "islands_command",
            )
            if getattr(args, name, None)
        ),
        None,
    )
    handler = _HANDLERS[(args.command, sub)]
    try:
        settings = get_settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = "KONDAN_" + "_".join(str(part) for part in first["loc"]).upper()
        print(f"kondan: {name}: {first['msg']}", file=sys.stderr)
        return 2
    try:
        return handler(args, settings)
    except UserError as error:
        print(f"kondan: {translate(error.key, 'en', **error.params)}", file=sys.stderr)
        return 1
    except OperationalError:
        print(f"kondan: {translate('error.database', 'en')}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"kondan: {error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
