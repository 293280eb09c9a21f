"""Cleaning of untrusted text typed by users.

Text is stored exactly as typed (Japanese, emoji and ZWJ sequences round-trip)
except for what no note should hold: control characters and the terminal
escape sequences they start ("\x1b[31m"), bidirectional overrides and isolates
(U+202A–U+202E, U+2066–U+2069: 「右から左\u202eABC」 would show as 「右から左CBA」),
zero-width spaces, word joiners and byte-order marks, lone surrogates and
non-characters. Escaping for display happens at render time.
"""

from __future__ import annotations

import re
import unicodedata

from facilitation.core.errors import InvalidInput

_KEEP_CONTROLS = {"\n"}
# CSI (ESC [ … final byte) and OSC (ESC ] … BEL or ESC \) sequences, whole.
_TERMINAL_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
# Bidi embeddings, overrides and isolates; zero-width space, word joiner and
# BOM. The zero-width joiner (U+200D) stays: emoji sequences need it.
_INVISIBLE = frozenset(
    [
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
        "\u200b",
        "\u2060",
        "\ufeff",
    ]
)


def _allowed(char: str) -> bool:
    if char in _KEEP_CONTROLS:
        return True
    if char in _INVISIBLE:
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return False
    code = ord(char)
    # U+FFFE/U+FFFF and the other non-characters cannot be stored in XML exports.
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


def clean_text(raw: str, *, multiline: bool = True) -> str:
    """``raw`` without control characters; tabs become spaces; CRLF becomes LF;
    trimmed at both ends. Single-line fields also fold newlines into spaces."""
    text = _TERMINAL_ESCAPES.sub("", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
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
