"""Timed words made into runs that end where sentences end.

Decoded in a batch without timestamp tokens, Whisper gives each chunk's text
in one piece with a time for each word (from its attention), and with the
glossary as hotwords it writes no punctuation at all: 「…参加してほしいと
思います今日は地域の…」. Here the words are joined into runs, and where the
text has no 。 of its own a run ends

- where the voice pauses (a gap of WORD_GAP_S between two words, or a pause
  of the voice activity detector between them): 。, unless the words before
  it end in a particle or a connective form (…と, …ので, …として) that
  carries the sentence on: then the pause is a 、 inside the run;
- after a polite sentence ending (ます, です, ました, でした, ません,
  ましょう, ください, でしょう, with ね, よ or か after it) when the next word
  does not carry the sentence on (が, けど, ので, から, し, と …): 。, or ？
  after か;

and a space Whisper left between two Japanese words elsewhere reads as 、.
Text that has its own 。 is cut after each sentence end and at pauses only.
The runs then go through ``transcripts.sentences`` as Whisper's segments did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transcripts.sentences import SENTENCE_ENDS, Pause, Segment, ends_sentence

WORD_GAP_S = 0.35  # a longer gap between two words is a pause
_POLITE_END = re.compile(
    r"(ます|です|ました|でした|ません|ましょう|ください|でしょう)(よね|ね|よ|か)?$"
)
_CARRIES_ON = re.compile(r"^\s*(が|けど|けれど|ので|のに|から|し|と|って|な|の|ね|よ|か|わ)")
_JAPANESE = re.compile(r"[^\x00-\x7f]")
_GOES_ON = re.compile(
    r"(と|て|で|が|けど|けれど|ので|のに|から|し|ば|に|を|は|も|の|や|へ|って|ながら|たり|とか)$"
)

Word = tuple[float, float, str]  # start, end (recording seconds), text as decoded


def _paused(before: float, after: float, pauses: Sequence[Pause]) -> bool:
    if after - before >= WORD_GAP_S:
        return True
    # A VAD pause lies between the two words (attention times run together).
    return any(before - WORD_GAP_S <= start and end <= after + WORD_GAP_S for start, end in pauses)


def _japanese_space(left: str, right: str) -> bool:
    return (
        right[:1].isspace()
        and bool(_JAPANESE.match(left[-1:]))
        and bool(_JAPANESE.match(right.lstrip()[:1]))
    )


def runs(words: Sequence[Word], pauses: Sequence[Pause]) -> list[Segment]:
    """Words of one chunk (in order) as runs, each ending a sentence, at a
    pause, or at the chunk's end (see the module's docstring)."""
    punctuated = any(ch in SENTENCE_ENDS for _, _, text in words for ch in text)
    found: list[Segment] = []
    current: Segment | None = None
    for start, end, text in words:
        if current is None:
            current = Segment(start, max(start, end), text.lstrip())
            continue
        paused = _paused(current.end, start, pauses)
        if punctuated:
            if ends_sentence(current.text) or paused:
                found.append(current)
                current = Segment(start, max(start, end), text.lstrip())
                continue
        else:
            polite = _POLITE_END.search(current.text.rstrip())
            if paused and not polite and _GOES_ON.search(current.text.rstrip()):
                # A breath after 「…困りごとと」: the sentence goes on.
                text = "、" + text.lstrip()
                paused = False
            elif paused or (polite and not _CARRIES_ON.match(text)):
                mark = "？" if polite and polite.group(2) == "か" else "。"
                found.append(Segment(current.start, current.end, current.text.rstrip() + mark))
                current = Segment(start, max(start, end), text.lstrip())
                continue
            if _japanese_space(current.text, text):
                text = "、" + text.lstrip()
        current = Segment(current.start, max(end, current.end), current.text + text)
    if current is not None:
        text = current.text.rstrip()
        if not punctuated and text and not ends_sentence(text):
            polite = _POLITE_END.search(text)
            text += "？" if polite and polite.group(2) == "か" else "。"
        found.append(Segment(current.start, current.end, text))
    return [_out_of_pauses(run, pauses) for run in found if run.text.strip("。？、 ")]


def _out_of_pauses(run: Segment, pauses: Sequence[Pause]) -> Segment:
    """A run whose first or last word's time reaches into a pause (attention
    spreads a word over the silence beside it) starts where the voice
    resumes and ends where it stopped."""
    start, end = run.start, run.end
    for pause_start, pause_end in pauses:
        if pause_start <= start + WORD_GAP_S and start < pause_end < end:
            start = pause_end
        if start < pause_start < end and end - WORD_GAP_S <= pause_end:
            end = pause_start
    return Segment(start, max(start, end), run.text)
