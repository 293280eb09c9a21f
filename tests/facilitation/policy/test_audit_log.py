"""The audit log names the account by id and user name, never by the display
name anyone can set, and records note and island deletions (issue 12, finding 11)."""

from __future__ import annotations

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.policy import audit
from facilitation.workshops import boards
from tests.factories import make_workshop


def test_entries_name_the_account_and_deletions_are_kept(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        pretender = accounts.create_user(
            session=session,
            username="suzuki",
            password="correct-horse-battery",
            role="staff",
            display_name="admin",
        )
    staff = pretender.as_staff()
    with database.write(staff) as session:
        note = boards.add_note(session=session, group_id=made.groups[0].id, text="消す付箋")
        island = boards.create_cluster(session=session, group_id=made.groups[0].id, label="消す島")
    with database.write(staff) as session:
        boards.delete_note(
            session=session, group_id=made.groups[0].id, note_id=note.id, expected_version=1
        )
        boards.delete_cluster(
            session=session, group_id=made.groups[0].id, cluster_id=island.id, expected_version=1
        )
    with database.read() as session:
        deletions = audit.list_events(session=session, action="delete")
    assert {(e.actor, e.actor_user_id, e.target) for e in deletions} == {
        ("suzuki", pretender.id, f"note:{note.id}"),
        ("suzuki", pretender.id, f"cluster:{island.id}"),
    }
