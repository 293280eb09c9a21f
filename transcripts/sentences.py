"""Whisper's segments made into sentences that read like a record.

Whisper cuts its output by time, not by meaning: one segment may hold five
sentences, and a sentence may run over two segments. Within a decoded chunk
the text is cut after each sentence end (。？！), a piece that ends neither a
sentence nor at a pause joins the next one, and a sentence too long to read
at once is cut at the 、 nearest its middle. Times inside a Whisper segment
are shared out by characters, then moved to a pause of the voice activity
detector where one lies close (so the audio jumps to where a sentence starts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

SENTENCE_ENDS = "。？！?!"
_CLOSERS = "」』）)”’"
_OPENERS = "「『（(“‘"
_JAPANESE_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
SNAP_S = 1.5  # a shared-out boundary moves to a pause this close
AT_PAUSE_S = 0.3  # an end this close to a pause ends at it
MAX_SENTENCE_CHARS = 90  # longer is cut at the 、 nearest the middle


@dataclass(frozen=True)
class Segment:
    """A stretch of speech: ``start`` and ``end`` in seconds from the start of
    the recording, and its text."""

    start: float
    end: float
    text: str


Pause = tuple[float, float]  # silence of 0.5 s or more: (start, end)


def split_after_ends(text: str) -> list[str]:
    """``text`` cut after each run of 。？！ (with its closing brackets) that
    is not inside brackets: 「はい。」と言った。 stays one sentence."""
    parts, start, depth, index = [], 0, 0, 0
    while index < len(text):
        ch = text[index]
        depth += (ch in _OPENERS) - (ch in _CLOSERS and depth > 0)
        index += 1
        if ch in SENTENCE_ENDS and depth == 0:
            while index < len(text) and text[index] in SENTENCE_ENDS + _CLOSERS:
                index += 1
            parts.append(text[start:index])
            start = index
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in tuple(SENTENCE_ENDS)


def _weight(text: str) -> int:
    return max(1, sum(1 for ch in text if not unicodedata.category(ch).startswith(("P", "Z"))))


def _near_pause(time: float, pauses: Sequence[Pause], within: float) -> Pause | None:
    best, distance = None, within
    for pause in pauses:
        gap = (
            0.0 if pause[0] <= time <= pause[1] else min(abs(time - pause[0]), abs(time - pause[1]))
        )
        if gap <= distance:
            best, distance = pause, gap
    return best


def at_pause(time: float, pauses: Sequence[Pause]) -> bool:
    return _near_pause(time, pauses, AT_PAUSE_S) is not None


def _share_out(
    start: float, end: float, texts: list[str], pauses: Sequence[Pause]
) -> list[Segment]:
    """``texts`` over [start, end] by character count; inner boundaries moved
    into a nearby pause."""
    total = sum(_weight(t) for t in texts)
    pieces, at = [], start
    for index, text in enumerate(texts):
        until = end if index == len(texts) - 1 else at + (end - start) * _weight(text) / total
        pieces.append(Segment(at, until, text))
        at = until
    for index in range(len(pieces) - 1):
        boundary = pieces[index].end
        pause = _near_pause(boundary, pauses, SNAP_S)
        if (
            pause is not None
            and pieces[index].start < pause[0]
            and pause[1] < pieces[index + 1].end
        ):
            pieces[index] = Segment(pieces[index].start, pause[0], pieces[index].text)
            pieces[index + 1] = Segment(pause[1], pieces[index + 1].end, pieces[index + 1].text)
    return pieces


def _join(left: str, right: str) -> str:
    if not left or not right:
        return left + right
    ascii_edge = (
        left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum()
    )
    return f"{left} {right}" if ascii_edge else left + right


def _cut_long(piece: Segment) -> list[Segment]:
    """A sentence over MAX_SENTENCE_CHARS, cut after the 、 nearest its middle."""
    text = piece.text
    if len(text) <= MAX_SENTENCE_CHARS:
        return [piece]
    commas = [i + 1 for i, ch in enumerate(text[:-1]) if ch in "、，,"]
    if not commas:
        return [piece]
    cut = min(commas, key=lambda i: abs(i - len(text) / 2))
    left, right = text[:cut], text[cut:].lstrip()
    middle = piece.start + (piece.end - piece.start) * _weight(left) / (
        _weight(left) + _weight(right)
    )
    return [
        *_cut_long(Segment(piece.start, middle, left)),
        *_cut_long(Segment(middle, piece.end, right)),
    ]


def _unpunctuated(text: str) -> str:
    """Text Whisper wrote without punctuation, its spaces between Japanese
    words read as sentence ends (they stand where 。 or 、 would)."""
    return _JAPANESE_SPACE.sub("。", text.strip())


def sentences(segments: Sequence[Segment], pauses: Sequence[Pause]) -> list[Segment]:
    """One chunk's Whisper segments (in order) as sentence-shaped pieces: each
    ends with 。？！, at a pause, or at the chunk's end.

    Without a prompt Whisper sometimes writes a whole chunk with no 。 at all,
    a space standing for each mark: such a chunk is cut at its spaces, and a
    cut that falls at a pause ends a sentence (。) while one that does not is
    read as a 、."""
    punctuated = any(ch in SENTENCE_ENDS for segment in segments for ch in segment.text)
    split: list[tuple[Segment, bool]] = []  # a piece, and whether it ended at a space
    for segment in segments:
        text = segment.text.strip() if punctuated else _unpunctuated(segment.text)
        texts = split_after_ends(text)
        if not texts:
            continue
        shared = _share_out(segment.start, segment.end, texts, pauses)
        ended_at_space = [not punctuated and ends_sentence(t) for t in texts]
        ended_at_space[-1] = not punctuated  # Whisper's segment ends: a mark of its own
        split.extend(zip(shared, ended_at_space, strict=True))
    merged: list[Segment] = []
    pending: Segment | None = None
    for piece, marked in split:
        text = piece.text.rstrip("。") if marked else piece.text
        if pending is not None:
            piece = Segment(pending.start, piece.end, _join(pending.text, text))
        else:
            piece = Segment(piece.start, piece.end, text)
        if marked and at_pause(piece.end, pauses):
            merged.append(Segment(piece.start, piece.end, piece.text + "。"))
            pending = None
        elif ends_sentence(piece.text) or at_pause(piece.end, pauses):
            merged.append(piece)
            pending = None
        else:  # a space inside a sentence reads as 、
            pending = Segment(piece.start, piece.end, piece.text + "、" if marked else piece.text)
    if pending is not None:  # the chunk's end: the voice stops there
        ending = "。" if pending.text.endswith("、") else ""
        merged.append(Segment(pending.start, pending.end, pending.text.rstrip("、") + ending))
    return [cut for piece in merged for cut in _cut_long(piece)]
