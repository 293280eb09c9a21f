"""Export formats, the glossary and notation lists, and the model folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput
from transcripts import models
from transcripts.engine import Segment
from transcripts.formats import to_json, to_srt, to_txt, to_vtt
from transcripts.glossary import MAX_HOTWORD_CHARS, apply_notation, hotwords
from transcripts.models import (
    BUNDLED_SHA256,
    ModelUnavailable,
    available_models,
    resolve_model,
)
from transcripts.vocabulary import (
    SCOPE_DISTRICT,
    SCOPE_WORKSHOP,
    hotwords_for,
    notation_rules,
    replace_notation_rules,
    replace_terms,
)

SEGMENTS = [Segment(0.0, 2.5, "こんにちは"), Segment(3661.25, 3663.0, "次回は三月です")]


def test_srt_and_vtt_times() -> None:
    assert to_srt(SEGMENTS).split("\n")[:3] == ["1", "00:00:00,000 --> 00:00:02,500", "こんにちは"]
    assert "01:01:01,250 --> 01:01:03,000" in to_srt(SEGMENTS)
    assert to_vtt(SEGMENTS).startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nこんにちは\n")


def test_txt_and_json() -> None:
    assert to_txt(SEGMENTS).splitlines()[1] == "[01:01:01] 次回は三月です"
    payload = json.loads(to_json(SEGMENTS, language="ja", duration=3663.0))
    assert payload["text"] == "こんにちは次回は三月です"
    assert payload["segments"][1] == {"start": 3661.25, "end": 3663.0, "text": "次回は三月です"}


def test_notation_is_one_pass_longest_first() -> None:
    rules = [("障害", "障がい"), ("障害者", "障がい者"), ("子供", "子ども"), ("ども", "X")]
    assert apply_notation("障害者と子供", rules) == "障がい者と子ども"


def test_hotwords_fit_the_prompt() -> None:
    words = hotwords([f"用語{i:03d}" for i in range(200)] + ["用語000"])
    assert words is not None and len(words) <= MAX_HOTWORD_CHARS
    assert hotwords(["", "  "]) is None


def test_glossary_scopes_and_notation(database: Database) -> None:
    with database.write() as session:
        replace_terms(
            session=session,
            scope=SCOPE_DISTRICT,
            scope_key="さくら地区",
            raw="さくら川\n桜町会、さくら川",
        )
        replace_terms(session=session, scope=SCOPE_WORKSHOP, scope_key="7", raw="いきいきサロン")
        words = hotwords_for(session=session, district="さくら地区", workshop_id=7)
        plain = hotwords_for(session=session, district=None, workshop_id=None)
    assert words is not None and words.startswith("いきいきサロン さくら川 桜町会 民生委員")
    assert plain is not None and plain.startswith("民生委員")
    with database.write() as session:
        assert notation_rules(session=session)[0] == ("子供", "子ども")  # seeded by migration
        replace_notation_rules(session=session, raw="子供→子ども\n\n障害 = 障がい")
        assert notation_rules(session=session) == [("子供", "子ども"), ("障害", "障がい")]
    with pytest.raises(InvalidInput) as caught, database.write() as session:
        replace_notation_rules(session=session, raw="子供→子ども\n矢印なし")
    assert caught.value.params == {"line": 2}


def test_bundled_model_is_verified_and_listed(model_dir: Path) -> None:
    folder = Path(resolve_model("base", model_dir / "models"))
    assert (folder / ".verified").read_text() == BUNDLED_SHA256
    assert {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"} <= {
        p.name for p in folder.iterdir()
    }
    assert available_models(model_dir / "models")[0].bundled


def test_model_folders(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "kotoba-whisper"
    folder.mkdir(parents=True)
    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("kotoba-whisper", tmp_path / "models")
    assert caught.value.key == "error.model_folder_incomplete"
    (folder / "model.bin").write_bytes(b"x")
    (folder / "config.json").write_text("{}")
    assert resolve_model("kotoba-whisper", tmp_path / "models") == str(folder)
    assert [m.name for m in available_models(tmp_path / "models")] == ["base", "kotoba-whisper"]
    with pytest.raises(ModelUnavailable):
        resolve_model("/no/such/folder", tmp_path / "models")


def test_a_bad_checksum_leaves_no_model_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(models, "BUNDLED_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("base", tmp_path / "models")
    assert caught.value.key == "error.model_checksum"
    assert list((tmp_path / "models").iterdir()) == []
