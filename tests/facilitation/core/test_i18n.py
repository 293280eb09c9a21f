"""The gettext catalogues: both languages hold the same keys with the same
parameters, every key the code names exists, and no key is left unused."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from facilitation.core.i18n import catalogue, keys, translate
from facilitation.policy.access import PERMISSIONS

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    path
    for folder in ("facilitation", "transcripts", "ui", "app_pages")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts
] + [ROOT / "app.py"]
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def _code_keys() -> tuple[set[str], set[str], set[str]]:
    """Keys the code names literally, and prefixes it completes at run time
    (``t(f"stage.{stage}")``). Field names travel in variables (``field=name``),
    so ``field.decisions`` counts as named where the code says "decisions"."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    words: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if re.match(r"^[a-z_]+\.([a-z_]+_)?$", head):
                    prefixes.add(head)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in in_fstrings:
                    continue
                words.add(node.value)
                if KEY.match(node.value):
                    literals.add(node.value)
    fields = {f"field.{word}" for word in words if re.match(r"^[a-z_]+$", word)}
    return literals, prefixes, fields


def _not_a_message(key: str) -> bool:
    """Dotted names that share a prefix with messages but are file names,
    permissions or audit details ("minutes.docx", "board.read", "home.py")."""
    return key in PERMISSIONS or key.rsplit(".", 1)[-1] in {
        "py",
        "docx",
        "csv",
        "xlsx",
        "txt",
        "json",
        "srt",
        "vtt",
        "pdf",
        "png",
        "css",
        "js",
    }


def _parameters(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_hold_the_same_keys() -> None:
    assert keys("ja") == keys("en")
    assert len(keys("ja")) > 400


@pytest.mark.parametrize("key", sorted(keys("ja")))
def test_both_languages_take_the_same_parameters(key: str) -> None:
    ja = catalogue("ja")[0]
    en = catalogue("en")[0]
    if key in catalogue("ja")[1]:
        forms_ja = [ja.ngettext(key, key, 1)]
        forms_en = [en.ngettext(key, key, 1), en.ngettext(key, key, 2)]
    else:
        forms_ja, forms_en = [ja.gettext(key)], [en.gettext(key)]
    expected = _parameters(forms_ja[0])
    for text in forms_ja + forms_en:
        assert _parameters(text) == expected, (key, text)


@pytest.mark.parametrize(
    ("key", "params", "english"),
    [
        ("group.pasted", {"count": 1}, "1 note added."),
        ("group.pasted", {"count": 12}, "12 notes added."),
        ("group.pasted", {"count": 0}, "0 notes added."),
    ],
)
def test_english_has_plural_forms(key: str, params: dict[str, int], english: str) -> None:
    assert translate(key, "en", **params) == english


def test_japanese_has_one_form() -> None:
    assert translate("group.pasted", "ja", count=1) == "1枚の付箋を追加しました。"
    assert translate("group.pasted", "ja", count=12) == "12枚の付箋を追加しました。"


def test_field_and_stage_names_are_translated_inside_messages() -> None:
    assert translate("error.too_long", "ja", field="note", length=301, limit=300) == (
        "付箋が長すぎます（301文字、上限300文字）。"
    )
    assert "“Proposed”" in translate(
        "error.transition", "en", from_stage="proposed", to_stage="active"
    )


def test_every_key_the_code_names_exists() -> None:
    literals, _prefixes, _fields = _code_keys()
    prefixes_in_catalogue = {key.split(".")[0] for key in keys("ja")}
    named = {key for key in literals if key.split(".")[0] in prefixes_in_catalogue}
    missing = sorted(named - keys("ja") - {key for key in named if _not_a_message(key)})
    assert missing == []


def test_no_key_is_left_unused() -> None:
    literals, prefixes, fields = _code_keys()
    unused = sorted(
        key
        for key in keys("ja")
        if key not in literals | fields and not any(key.startswith(p) for p in prefixes)
    )
    assert unused == []
