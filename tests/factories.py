"""Factories for tests: a small open workshop with tables and categories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitation.db import Database
from facilitation.models import CategoryRead, GroupRead, WorkshopRead
from facilitation.workshops import (
    GroupInput,
    WorkshopCreate,
    create_workshop,
    default_categories,
    default_phases,
    load_setup,
)


@dataclass(frozen=True)
class Made:
    workshop: WorkshopRead
    groups: list[GroupRead]
    categories: list[CategoryRead]


def make_workshop(database: Database, *, tables: int = 2, title: str = "テスト懇談会") -> Made:
    with database.write() as session:
        workshop = create_workshop(
            session=session,
            details=WorkshopCreate(
                title=title,
                district="さくら地区",
                date=dt.date(2026, 11, 26),
                start_time=dt.time(14, 0),
                end_time=dt.time(16, 0),
            ),
            phases=default_phases(),
            participants={"resident": 10},
            categories=default_categories(),
            groups=[GroupInput(name=f"{chr(65 + i)}テーブル") for i in range(tables)],
        )
        setup = load_setup(session=session, workshop_id=workshop.id)
    return Made(workshop=workshop, groups=setup.groups, categories=setup.categories)
