"""Cleaning of untrusted text typed by users.

Text is stored exactly as typed (Japanese, emoji and ZWJ sequences round-trip)
except for control characters, lone surrogates and non-characters, which no
document or database should hold. Escaping for display happens at render time.
"""

from __future__ import annotations

import unicodedata

from facilitation.core.errors import InvalidInput

_KEEP_CONTROLS = {"\n"}


def _allowed(char: str) -> bool:
    if char in _KEEP_CONTROLS:
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return False
    code = ord(char)
    # U+FFFE/U+FFFF and the other non-characters cannot be stored in XML exports.
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


def clean_text(raw: str, *, multiline: bool = True) -> str:
    """``raw`` without control characters; tabs become spaces; CRLF becomes LF;
    trimmed at both ends. Single-line fields also fold newlines into spaces."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return "".join(ch for ch in text if _allowed(ch)).strip()


def require_text(raw: str, *, field: str, max_chars: int, multiline: bool = True) -> str:
    """Cleaned ``raw``; refuses empty text and text over ``max_chars`` characters."""
    text = clean_text(raw, multiline=multiline)
    if not text:
        raise InvalidInput("error.empty", field=field)
    if len(text) > max_chars:
        raise InvalidInput("error.too_long", field=field, limit=max_chars, length=len(text))
    return text


def optional_text(raw: str | None, *, field: str, max_chars: int, multiline: bool = False) -> str:
    """Cleaned ``raw`` (may be empty); refuses text over ``max_chars`` characters."""
    text = clean_text(raw or "", multiline=multiline)
    if len(text) > max_chars:
        raise InvalidInput("error.too_long", field=field, limit=max_chars, length=len(text))
    return text


def split_lines(raw: str) -> list[str]:
    """Non-empty cleaned lines of a pasted block, with list bullets removed."""
    lines = []
    for line in clean_text(raw).split("\n"):
        stripped = line.strip().lstrip("・-*•●○◦").strip()
        if stripped:
            lines.append(stripped)
    return lines
