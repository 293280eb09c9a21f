"""The agenda timer: which phase is on, how long is left, what comes next.

The timer's state lives on the workshop row (phase index, running flag, when
the running stretch began, seconds used before it), so every browser showing
the board computes the same time left from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from facilitation.core.clock import now_utc
from facilitation.core.errors import NotFound
from facilitation.models import Phase, PhaseRead, Workshop, WorkshopRead
from facilitation.policy.access import require


@dataclass(frozen=True)
class TimerView:
    phase_index: int
    phase: PhaseRead | None
    next_phase: PhaseRead | None
    elapsed_s: float
    remaining_s: float  # negative once the phase runs over
    running: bool

    @property
    def overtime(self) -> bool:
        return self.phase is not None and self.remaining_s < 0


def timer_view(
    *, workshop: WorkshopRead, phases: list[PhaseRead], now: dt.datetime | None = None
) -> TimerView:
    """Where the agenda stands at ``now`` (seconds)."""
    now = now or now_utc()
    elapsed = workshop.timer_elapsed_s
    if workshop.timer_running and workshop.timer_started_at is not None:
        elapsed += max(0.0, (now - workshop.timer_started_at).total_seconds())
    index = min(workshop.timer_phase_index, max(len(phases) - 1, 0))
    phase = phases[index] if phases else None
    next_phase = phases[index + 1] if index + 1 < len(phases) else None
    remaining = (phase.minutes * 60 - elapsed) if phase else 0.0
    return TimerView(
        phase_index=index,
        phase=phase,
        next_phase=next_phase,
        elapsed_s=elapsed,
        remaining_s=remaining,
        running=workshop.timer_running,
    )


def start_timer(*, session: Session, workshop_id: int) -> None:
    workshop = _workshop(session, workshop_id)
    if not workshop.timer_running:
        workshop.timer_running = True
        workshop.timer_started_at = now_utc()
    session.flush()


def pause_timer(*, session: Session, workshop_id: int) -> None:
    workshop = _workshop(session, workshop_id)
    if workshop.timer_running and workshop.timer_started_at is not None:
        workshop.timer_elapsed_s += (now_utc() - workshop.timer_started_at).total_seconds()
    workshop.timer_running = False
    workshop.timer_started_at = None
    session.flush()


def go_to_phase(*, session: Session, workshop_id: int, phase_index: int) -> None:
    """Jump to a phase (next, previous or any); its clock starts from zero and
    keeps running if the timer was running."""
    workshop = _workshop(session, workshop_id)
    count = len(session.exec(select(Phase.id).where(col(Phase.workshop_id) == workshop_id)).all())
    workshop.timer_phase_index = max(0, min(phase_index, max(count - 1, 0)))
    workshop.timer_elapsed_s = 0.0
    workshop.timer_started_at = now_utc() if workshop.timer_running else None
    session.flush()


def _workshop(session: Session, workshop_id: int) -> Workshop:
    """The workshop whose timer the actor may run."""
    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    return workshop
