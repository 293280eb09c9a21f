"""Every package the code imports is declared in pyproject.toml (issue 16,
item 3): an undeclared one arrives only by chance, through another's
dependencies, and may not arrive at all next time."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = {"facilitation", "transcripts", "ui", "app_pages", "tests", "benchmarks"}


def imported_modules() -> set[str]:
    files = [
        p
        for root in ("facilitation", "transcripts", "ui", "app_pages")
        for p in (ROOT / root).rglob("*.py")
    ]
    files += [ROOT / "app.py", ROOT / "serve.py"]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in OURS}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        normal(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    undeclared = {
        module: distributions.get(module, ["(not installed)"])
        for module in imported_modules()
        if not {normal(d) for d in distributions.get(module, [])} & declared
    }
    assert undeclared == {}


def locked(name: str) -> dict[str, str]:
    """Package → version pinned in a lock file; every pin carries hashes."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\]+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} has no hash in {name}"
            pins[normal(match.group(1))] = match.group(2)
    return pins


def declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {normal(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in specs}


def test_every_declared_package_is_locked_with_hashes() -> None:
    """Issue 16, item 3: the README's commands and CI install from the locks
    (scripts/lock writes them from pyproject.toml)."""
    assert declared() <= set(locked("requirements.lock"))
    assert declared("test") <= set(locked("requirements-test.lock"))
    # The app's lock is the test lock without the test tools: same versions.
    app, test = locked("requirements.lock"), locked("requirements-test.lock")
    assert {name: test[name] for name in app} == app


def test_the_installed_packages_are_the_locked_ones() -> None:
    """What this run tests is what the lock says (a second install from the
    lock gives the same packages)."""
    differing = {}
    for name, version in locked("requirements-test.lock").items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "(missing)"
        if installed != version:
            differing[name] = (version, installed)
    assert differing == {}
