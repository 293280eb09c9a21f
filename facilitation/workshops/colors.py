"""Sticky-note colours for categories: a palette to pick from, and a check for
colours a room cannot tell apart on a projector or a phone."""

from __future__ import annotations

import itertools
import math

# Pale enough for dark text, far enough apart to tell at a glance.
PALETTE = {
    "yellow": "#FFE08A",
    "green": "#B8E6B0",
    "blue": "#A9D4F5",
    "pink": "#F8BBD0",
    "orange": "#FFCC99",
    "purple": "#D7C3F0",
    "teal": "#A8E6E0",
    "gray": "#E0E0E0",
}

# CIE76 distance below which two colours read as the same note colour.
NEAR_IDENTICAL = 12.0


def _lab(color: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an ``#RRGGBB`` colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in channels)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def distance(first: str, second: str) -> float:
    return math.dist(_lab(first), _lab(second))


def near_identical(named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs of names, from ``(name, #RRGGBB)``, whose colours look the same."""
    return [
        (a_name, b_name)
        for (a_name, a_color), (b_name, b_color) in itertools.combinations(named, 2)
        if distance(a_color, b_color) < NEAR_IDENTICAL
    ]
