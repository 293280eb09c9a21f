"""Ideas like this one from elsewhere: existing action items (any district
the reader may see) and islands of other workshops, most alike first, so
that staff can link to an activity that already exists rather than start a
second one. Only what the reader may read is compared or shown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, col, select

from facilitation.actions import ActionRead, list_actions
from facilitation.islands.embedding import Embedder
from facilitation.models import Cluster, Group, Note, Workshop
from facilitation.policy.access import visible_workshop_ids

ALIKE_AT = 0.88  # cosine of the embeddings (e5 puts unrelated notes near 0.8-0.85)
SHOWN = 5
ISLANDS_COMPARED = 1000  # the most recent islands of other workshops
ISLAND_TEXT_CHARS = 200


@dataclass(frozen=True)
class SimilarIsland:
    workshop_id: int
    workshop_title: str
    district: str
    table: str
    label: str
    notes: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class Similar:
    actions: list[tuple[ActionRead, float]]
    islands: list[SimilarIsland]


def _island_texts(
    session: Session, *, not_workshop: int | None
) -> list[tuple[Cluster, Group, Workshop, list[str]]]:
    statement = (
        select(Cluster, Group, Workshop)
        .join(Group, col(Group.id) == Cluster.group_id)
        .join(Workshop, col(Workshop.id) == Group.workshop_id)
        .order_by(col(Cluster.created_at).desc())
        .limit(ISLANDS_COMPARED)
    )
    visible = visible_workshop_ids(session)
    if visible is not None:
        statement = statement.where(col(Workshop.id).in_(visible))
    if not_workshop is not None:
        statement = statement.where(Workshop.id != not_workshop)
    rows = session.exec(statement).all()
    notes: dict[int, list[str]] = {}
    ids = [cluster.id for cluster, _, _ in rows]
    for cluster_id, text in session.exec(
        select(Note.cluster_id, Note.text)
        .where(col(Note.cluster_id).in_(ids))
        .order_by(col(Note.position))
    ).all():
        notes.setdefault(cluster_id or 0, []).append(text)
    return [(c, g, w, notes.get(c.id or 0, [])) for c, g, w in rows]


def similar_ideas(
    *,
    session: Session,
    text: str,
    embedder: Embedder,
    not_action: int | None = None,
    not_workshop: int | None = None,
) -> Similar:
    """Action items and other workshops' islands alike to ``text``."""
    actions = [a for a in list_actions(session=session) if a.id != not_action]
    islands = _island_texts(session, not_workshop=not_workshop)
    candidates = [f"{a.title}。{a.description}"[:ISLAND_TEXT_CHARS] for a in actions] + [
        (c.label + "：" + "／".join(notes))[:ISLAND_TEXT_CHARS] for c, _, _, notes in islands
    ]
    if not text.strip() or not candidates:
        return Similar([], [])
    vectors = embedder.embed([text, *candidates])
    scores = vectors[1:] @ vectors[0]
    order = [int(i) for i in np.argsort(-scores) if scores[i] >= ALIKE_AT]
    found_actions = [(actions[i], float(scores[i])) for i in order if i < len(actions)]
    found_islands = []
    for i in order:
        if i >= len(actions):
            cluster, group, workshop, notes = islands[i - len(actions)]
            found_islands.append(
                SimilarIsland(
                    workshop_id=workshop.id or 0,
                    workshop_title=workshop.title,
                    district=workshop.district,
                    table=group.name,
                    label=cluster.label,
                    notes=tuple(notes[:3]),
                    similarity=float(scores[i]),
                )
            )
    return Similar(found_actions[:SHOWN], found_islands[:SHOWN])
