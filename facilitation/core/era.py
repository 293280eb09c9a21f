"""Dates as a Japanese office writes them: the era year and the weekday.

``format_japanese_date(date(2026, 11, 26))`` → 「令和8年11月26日（木）」. The first
year of an era is 元年 (令和元年5月1日).
"""

from __future__ import annotations

import datetime as dt

# (first day, era name), newest first.
ERAS = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1868, 1, 25), "明治"),
)
WEEKDAYS = "月火水木金土日"


def era_year(date: dt.date) -> tuple[str, int]:
    for start, name in ERAS:
        if date >= start:
            return name, date.year - start.year + 1
    raise ValueError(f"{date} is before the Meiji era")


def format_japanese_date(date: dt.date, *, weekday: bool = True) -> str:
    """令和8年11月26日（木）"""
    name, year = era_year(date)
    year_text = "元" if year == 1 else str(year)
    day = f"{name}{year_text}年{date.month}月{date.day}日"
    return f"{day}（{WEEKDAYS[date.weekday()]}）" if weekday else day


def format_western_date(date: dt.date) -> str:
    """2026年11月26日"""
    return f"{date.year}年{date.month}月{date.day}日"


def format_both(date: dt.date) -> str:
    """令和8年11月26日（木）／2026年11月26日"""
    return f"{format_japanese_date(date)}／{format_western_date(date)}"
