"""The agenda timer."""

from __future__ import annotations

import datetime as dt

from facilitation.core.db import Database
from facilitation.models import PhaseRead
from facilitation.workshops import timer
from facilitation.workshops.setup import get_workshop
from tests.factories import make_workshop

PHASES = [
    PhaseRead(id=1, position=0, title="開会", minutes=10),
    PhaseRead(id=2, position=1, title="グループワーク", minutes=30),
]


def test_running_timer_counts_down_and_runs_over(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        timer.start_timer(session=session, workshop_id=made.workshop.id)
        workshop = get_workshop(session=session, workshop_id=made.workshop.id)
    started = workshop.timer_started_at
    assert started is not None
    view = timer.timer_view(workshop=workshop, phases=PHASES, now=started + dt.timedelta(minutes=4))
    assert view.phase is not None and view.phase.title == "開会"
    assert view.next_phase is not None and view.next_phase.title == "グループワーク"
    assert round(view.remaining_s) == 6 * 60
    late = timer.timer_view(
        workshop=workshop, phases=PHASES, now=started + dt.timedelta(minutes=12)
    )
    assert late.overtime and round(late.remaining_s) == -120


def test_pause_keeps_elapsed_time_and_next_phase_restarts(database: Database) -> None:
    made = make_workshop(database)
    workshop_id = made.workshop.id
    with database.write() as session:
        timer.start_timer(session=session, workshop_id=workshop_id)
        timer.pause_timer(session=session, workshop_id=workshop_id)
        paused = get_workshop(session=session, workshop_id=workshop_id)
    assert not paused.timer_running
    later = timer.timer_view(
        workshop=paused, phases=PHASES, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    )
    assert later.remaining_s > 9 * 60  # a paused clock does not move
    with database.write() as session:
        timer.go_to_phase(session=session, workshop_id=workshop_id, phase_index=1)
        moved = get_workshop(session=session, workshop_id=workshop_id)
        timer.go_to_phase(session=session, workshop_id=workshop_id, phase_index=99)
        clamped = get_workshop(session=session, workshop_id=workshop_id)
    assert moved.timer_phase_index == 1 and moved.timer_elapsed_s == 0
    assert clamped.timer_phase_index == 5  # the demo agenda has six phases


def test_a_workshop_without_an_agenda_has_no_phase(database: Database) -> None:
    made = make_workshop(database)
    view = timer.timer_view(workshop=made.workshop, phases=[])
    assert view.phase is None and view.next_phase is None and not view.overtime
