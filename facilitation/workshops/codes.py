"""Join codes: easy to read aloud and type, hard to guess.

8 characters from a 31-letter alphabet without 0/O/1/I/L give 31**8 ≈ 8.5e11
codes; shown as ``ABCD-EFGH``, accepted with or without the hyphen, in any case.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_join_code() -> str:
    """A fresh random code (not yet checked for uniqueness)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_join_code(typed: str) -> str:
    """The stored form of a typed code: upper case, no spaces or hyphens."""
    cleaned = typed.strip().upper()
    for junk in (" ", "-", "\u3000", "ー", "－"):
        cleaned = cleaned.replace(junk, "")
    # Full-width letters and digits typed on a Japanese keyboard.
    return cleaned.translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})


def looks_like_join_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def format_join_code(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH`` for reading aloud and printing."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code
