"""Every string the UI, the CLI and the documents show, Japanese first,
English second, from the gettext catalogues in ``locale/``.

Message ids are catalogue keys (``"home.heading"``). The ``.po`` files are
compiled once per process, on first use, with Babel. A message that has a
plural form is chosen by its ``count`` parameter (English: "1 note", "2 notes").
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kondan"


@functools.cache
def catalogue(language: str) -> tuple[gettext.GNUTranslations, frozenset[str]]:
    """The compiled catalogue of ``language`` and the keys that have plural forms."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        source = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    compiled.seek(0)
    plurals = frozenset(m.id[0] for m in source if m.id and isinstance(m.id, tuple))
    return gettext.GNUTranslations(compiled), plurals


def keys(language: str) -> set[str]:
    """Every key the catalogue of ``language`` holds."""
    translations, plurals = catalogue(language)
    singular = {key for key in translations._catalog if isinstance(key, str) and key}  # type: ignore[attr-defined]
    return singular | set(plurals)


def _text(key: str, language: str, count: object) -> str | None:
    translations, plurals = catalogue(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    if key in plurals:
        return translations.ngettext(key, key, int(count) if isinstance(count, int) else 2)
    text = translations.gettext(key)
    return None if text == key else text


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The catalogue text for ``key`` in ``language``, with ``{params}`` filled in
    (an unknown key is returned as it is). ``field`` and stage parameters are
    themselves translated (``field.<name>``, ``stage.<name>``)."""
    text = _text(key, language, params.get("count"))
    if text is None:
        return key
    for name, prefix in (
        ("field", "field"),
        ("stage", "stage"),
        ("from_stage", "stage"),
        ("to_stage", "stage"),
    ):
        if name in params:
            named = _text(f"{prefix}.{params[name]}", language, None)
            if named is not None:
                params = {**params, name: named}
    return text.format(**params)
