"""Person names in free Japanese text, found offline with GiNZA (spaCy).

GiNZA's named-entity recogniser and SudachiPy's part-of-speech tags
(名詞-固有名詞-人名-姓/名) propose names; the rules below keep what they get
wrong in residents' notes out of the mask: a shop (山田屋), a park (杉山公園),
an organisation (さくら町会) or a title (前副会長) is not a person. A name with
a suffix (さん・様・氏・くん・ちゃん・先生) or before a speaker's colon
(「鈴木：」) is one.

The model (``ja_ginza``, a PyPI package) loads once per process, on the first
call, in about 2 s and 400 MB; each text costs about 14 ms on one core, so
texts are analysed in batches and their answers kept (``find`` is called
with many texts at once by ``Masker.prepare``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from facilitation.core.clock import now_utc
from facilitation.core.db import Database
from facilitation.documents.masking import PeopleFinder
from facilitation.models import Cluster, GroupSummary, NameSpan, Note, TranscriptSegment

HONORIFICS = ("さん", "さま", "様", "氏", "くん", "君", "ちゃん", "先生", "殿")
# A "name" that ends in one of these is a place, a shop or a body …
_PLACE_END = re.compile(
    r"(屋|堂|店|館|院|神社|駅|公園|商店|薬局|医院|病院|学校|ホール|マート|ストア|クラブ|団地|"
    r"センター|地区|丁目)$"
)
# … and one that ends in these is one unless a suffix makes it a person
# (高橋先生, 小野寺さん; 中央町, 杉並会).
_PLACE_END_UNLESS_TITLED = re.compile(r"(橋|寺|町|園|会|庵|亭|荘|通り?)$")
# … and a name followed by one of these is part of a place's or a body's name.
_PLACE_NEXT = re.compile(
    r"^(公園|町内会|町会|自治会|商店街|商店|小学校|中学校|高校|保育園|幼稚園|病院|医院|"
    r"クリニック|駅|屋|店|通り|団地|会館|地区|町|丁目|橋|川|山|寺|神社|薬局|ストア|マート|"
    r"スーパー|食堂|地域|区|市|村|園|ホール|センター|荘|家の?墓|線|建設|工務店|不動産|電気|"
    r"歯科|内科|外科|眼科|耳鼻科|小児科|クリニック|整骨院|接骨院|商事|運輸|塗装|鮮魚|精肉|"
    r"酒店|書店|米店|牛乳|新聞|理容|美容|ストア)"
)
# Speakers' labels that are roles, not people (「司会：」「Q：」).
_GENERIC_SPEAKER = re.compile(
    r"^(司会|進行|記録|事務局|参加者|全員|一同|会場|質問|回答|発言者|話者\d*|Q|A|職員|委員|"
    r"会長|副会長|まとめ役|ファシリテーター|コーディネーター|住民|男性|女性|[A-ZＡ-Ｚ\d]+)$"
)
_SPEAKER = re.compile(r"^\s*([^\s：:、。「」]{1,10})\s*[：:]")
# Kana or kanji only: a speaker's label made of these is a name.
_NAME_CHARS = re.compile(r"^[一-龥々ぁ-んァ-ヶー]+$")

CACHE_SIZE = 100_000
MODEL = "ja_ginza"


class GinzaFinder:
    """``PeopleFinder`` on GiNZA; thread-safe, answers cached per text."""

    def __init__(self, model: str = MODEL, batch_size: int = 64) -> None:
        self._model, self._batch_size = model, batch_size
        self._nlp: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()

    def _load(self) -> Any:
        if self._nlp is None:
            import spacy  # a heavy import, made only when names are first looked for

            # Only the tokenizer (with its tags) and the entity recogniser are
            # needed: the parser and the rest would triple the time per text.
            self._nlp = spacy.load(
                self._model,
                exclude=["parser", "morphologizer", "compound_splitter", "bunsetu_recognizer"],
            )
        return self._nlp

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if todo:
                nlp = self._load()
                docs = nlp.pipe(todo, batch_size=self._batch_size)
                for text, doc in zip(todo, docs, strict=True):
                    self._cache[text] = people_in(doc)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            return [list(self._cache[t]) for t in texts]


def people_in(doc: Any) -> list[tuple[int, int]]:
    """Character spans of person names in one analysed text."""
    text: str = doc.text
    candidates: list[tuple[int, int, bool]] = []  # start, end, tagged as a name
    for entity in doc.ents:
        if entity.label_ == "Person":
            names = [token for token in entity if "人名" in token.tag_]
            # 「佐藤建設」「民生委員 木村」 come as one entity: the name is only
            # its tagged part, and what follows is judged as what comes after.
            start = names[0].idx if names else entity.start_char
            end = names[-1].idx + len(names[-1].text) if names else entity.end_char
            candidates.append((start, end, bool(names)))
    for token in doc:
        if "人名" in token.tag_:
            candidates.append((token.idx, token.idx + len(token.text), True))
    spans: list[tuple[int, int, bool]] = []
    for start, end, tagged in sorted(candidates):
        if spans and start <= spans[-1][1]:
            last = spans[-1]
            spans[-1] = (last[0], max(end, last[1]), last[2] or tagged)
        else:
            spans.append((start, end, tagged))
    found: list[tuple[int, int]] = []
    for start, end, tagged in spans:
        name, after = text[start:end], text[end : end + 8]
        titled = after.startswith(HONORIFICS)
        if _PLACE_END.search(name) or _PLACE_NEXT.match(after):
            continue
        if not titled and _PLACE_END_UNLESS_TITLED.search(name):
            continue
        if not (tagged or titled or len(name) >= 2):
            continue
        found.append((start, end))
    speaker = _SPEAKER.match(text)
    if speaker:
        label = speaker.group(1)
        core = label
        for honorific in HONORIFICS:
            if core.endswith(honorific) and len(core) > len(honorific):
                core = core[: -len(honorific)]
                break
        start = speaker.start(1)
        tokens = [t for t in doc if start <= t.idx < start + len(core)]
        # A proper noun as a speaker's label is a person (「鈴木：」); a common
        # noun is a heading (「日時：」「サロン：」).
        proper = tokens and all("固有名詞" in t.tag_ for t in tokens)
        if proper and _NAME_CHARS.match(core) and not _GENERIC_SPEAKER.match(core):
            found.append((start, start + len(core)))
    return sorted(set(found))


# Part of every stored answer's key: answers of an older model or older rules
# are not reused.
FINDER_VERSION = f"{MODEL}-5.3.0-rules-1"
LOOKUP_CHUNK = 500


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{FINDER_VERSION}\0{text}".encode()).hexdigest()


class StoredFinder:
    """``inner``'s answers kept in the database per text hash (``name_span``),
    so that any process reuses them: the worker finds names in new notes and
    segments in the background, and a masked export then only looks them up."""

    def __init__(self, database: Database, inner: PeopleFinder) -> None:
        self._database, self.inner = database, inner

    def stored(self, texts: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """The stored answers among ``texts``, by text."""
        by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
        found: dict[str, list[tuple[int, int]]] = {}
        hashes = list(by_hash)
        with self._database.read() as session:
            for at in range(0, len(hashes), LOOKUP_CHUNK):
                chunk = hashes[at : at + LOOKUP_CHUNK]
                rows = session.exec(select(NameSpan).where(col(NameSpan.text_hash).in_(chunk)))
                for row in rows:
                    found[by_hash[row.text_hash]] = [(a, b) for a, b in row.spans]
        return found

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        known = self.stored(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            answers = self.inner.find(missing)
            known.update(zip(missing, answers, strict=True))
            self._store(dict(zip(missing, answers, strict=True)))
        return [list(known[t]) for t in texts]

    def _store(self, answers: dict[str, list[tuple[int, int]]]) -> None:
        rows = [
            {"text_hash": text_hash(t), "spans": [list(s) for s in spans], "created_at": now_utc()}
            for t, spans in answers.items()
        ]
        insert = postgres_insert if self._database.dialect == "postgresql" else sqlite_insert
        with self._database.write() as session:
            for at in range(0, len(rows), LOOKUP_CHUNK):
                statement = insert(NameSpan).values(rows[at : at + LOOKUP_CHUNK])
                session.execute(statement.on_conflict_do_nothing(index_elements=["text_hash"]))


_default: PeopleFinder | None = None
_default_lock = threading.Lock()


def default_finder() -> PeopleFinder:
    """The process's finder: GiNZA (loaded once, on first use), its answers kept
    in the database once ``use_database`` was called (the app, the CLI, the worker)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = GinzaFinder()
        return _default


def use_database(database: Database | None) -> None:
    """Keep the finder's answers in ``database`` from now on, in this process
    (None: in memory only). The loaded model is kept either way."""
    global _default
    with _default_lock:
        if isinstance(_default, StoredFinder):
            inner = _default.inner
        else:
            inner = _default if _default is not None else GinzaFinder()
        _default = StoredFinder(database, inner) if database is not None else inner


# --- finding names ahead of time -------------------------------------------------------

# Texts that masked documents print, by table: (model, id column, text columns).
_SOURCES: tuple[tuple[Any, Any, tuple[Any, ...]], ...] = (
    (Note, Note.id, (Note.text,)),
    (Cluster, Cluster.id, (Cluster.label,)),
    (GroupSummary, GroupSummary.id, (GroupSummary.text,)),
    (TranscriptSegment, TranscriptSegment.id, (TranscriptSegment.text, TranscriptSegment.speaker)),
)


class NameWarmer:
    """Finds names in new notes, island labels, summaries and transcript lines
    ahead of any export (the worker calls ``tick`` every few seconds): a masked
    document then looks every answer up instead of running the model. Rows are
    taken in id order from where the last tick stopped; an edited text is
    answered when a document needs it."""

    def __init__(self, finder: PeopleFinder, batch: int = 400) -> None:
        self._finder, self._batch = finder, batch
        self._marks: dict[str, int] = {}

    def tick(self, database: Database) -> int:
        """One batch per table; returns how many texts were looked at."""
        seen = 0
        for model, id_column, columns in _SOURCES:
            mark = self._marks.get(model.__tablename__, 0)
            with database.read() as session:
                rows = session.execute(
                    select(id_column, *columns)
                    .where(id_column > mark)
                    .order_by(id_column)
                    .limit(self._batch)
                ).all()
            if not rows:
                continue
            texts = [str(text) for row in rows for text in row[1:] if text]
            if texts:
                self._finder.find(texts)
            self._marks[model.__tablename__] = int(rows[-1][0])
            seen += len(texts)
        return seen
