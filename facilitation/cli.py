"""The ``kondan`` command line (see DESIGN.md, Interfaces that stay stable).

A user's mistake prints one line to stderr and exits non-zero, no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from facilitation.codes import format_join_code
from facilitation.db import Database
from facilitation.errors import UserError
from facilitation.i18n import translate
from facilitation.migrate import upgrade
from facilitation.settings import load_settings
from facilitation.workshops import load_setup


def _open_database() -> Database:
    database = Database(load_settings().database_url)
    upgrade(database)
    return database


def _demo(_args: argparse.Namespace) -> int:
    from facilitation.demo import seed_demo

    database = _open_database()
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


def _db_upgrade(_args: argparse.Namespace) -> int:
    database = Database(load_settings().database_url)
    upgrade(database)
    print("database is at the newest revision")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kondan", description="Kondan (懇談) command line")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="seed a sample workshop; print its ids and join codes as JSON")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations")
    return parser


_HANDLERS = {("demo", None): _demo, ("db", "upgrade"): _db_upgrade}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS[(args.command, getattr(args, "db_command", None))]
    try:
        return handler(args)
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
