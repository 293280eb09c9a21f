"""Column helpers shared by the tables."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer


def fk(target: str, *, ondelete: str, nullable: bool = False, index: bool = True) -> Column:
    """An integer foreign key to ``target`` ("table.id") that says what happens on delete."""
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)
