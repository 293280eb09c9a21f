"""The dependency audit's decisions, on PyPI answers given here (the real
audit runs against PyPI in every ./scripts/test run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


@pytest.fixture
def audit(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ADVISORY = {"id": "PYSEC-2099-1", "withdrawn": None}
WITHDRAWN = {"id": "GHSA-xxxx", "withdrawn": "2099-01-01T00:00:00Z"}


def answers(audit: ModuleType, monkeypatch: pytest.MonkeyPatch, pages: dict[str, dict]) -> None:
    monkeypatch.setattr(audit, "_get", lambda url: pages.get(url.removeprefix(audit.PYPI)))


def test_a_release_with_an_advisory_is_vulnerable(audit, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers(audit, monkeypatch, {"/old/1.0/json": {"vulnerabilities": [ADVISORY, WITHDRAWN]}})
    assert audit.check("old", "1.0").vulnerabilities == ("PYSEC-2099-1",)


def test_the_project_answer_holds_only_for_the_latest_release(audit, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = {"info": {"version": "2.0"}, "vulnerabilities": [ADVISORY]}
    answers(audit, monkeypatch, {"/pkg/json": project})
    assert audit.check("pkg", "2.0").vulnerabilities == ("PYSEC-2099-1",)
    older = audit.check("pkg", "1.9")
    assert not older.looked_up and not older.vulnerabilities


def test_main_fails_on_a_finding_and_names_what_it_missed(audit, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit, "installed", lambda: {"bad": "1.0", "fine": "3.0", "gone": "0.1"})
    answers(
        audit,
        monkeypatch,
        {
            "/bad/1.0/json": {"vulnerabilities": [ADVISORY]},
            "/fine/3.0/json": {"vulnerabilities": []},
        },
    )
    assert audit.main() == 1
    out = capsys.readouterr().out
    assert "VULNERABLE bad 1.0: PYSEC-2099-1" in out
    assert "2 of 3 packages checked, 1 with known vulnerabilities; not looked up: gone 0.1" in out
    monkeypatch.setattr(audit, "installed", lambda: {"fine": "3.0"})
    assert audit.main() == 0
