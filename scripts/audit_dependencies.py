"""Known vulnerabilities in the installed packages, from PyPI's advisory data.

Run with the environment's own Python (``.venv/bin/python scripts/audit_dependencies.py``).
For each installed distribution it asks PyPI for that release's
vulnerabilities; where a registry mirror answers only for the project (as
this workplace's does), the project's answer holds for its latest release, so
a package installed at its latest release is still checked. A package that
could be looked up neither way is counted and named, never passed silently.

Exit status: 1 when a vulnerability is found, else 0 (PyPI out of reach is
reported, not failed: the suite must still run offline).
"""

from __future__ import annotations

import concurrent.futures
import importlib.metadata
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

PYPI = "https://pypi.org/pypi"
SKIP = {"kondan"}  # this project, installed editable


@dataclass(frozen=True)
class Finding:
    name: str
    version: str
    vulnerabilities: tuple[str, ...] = ()
    looked_up: bool = True


def _get(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - fixed https URL
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def _ids(advisories: list[dict]) -> tuple[str, ...]:
    return tuple(str(a.get("id", "?")) for a in advisories if not a.get("withdrawn"))


def check(name: str, version: str) -> Finding:
    release = _get(f"{PYPI}/{name}/{version}/json")
    if release is not None:
        return Finding(name, version, _ids(release.get("vulnerabilities") or []))
    project = _get(f"{PYPI}/{name}/json")
    if project is not None and project.get("info", {}).get("version") == version:
        return Finding(name, version, _ids(project.get("vulnerabilities") or []))
    return Finding(name, version, looked_up=False)


def installed() -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name and name not in SKIP:
            found[name] = dist.version
    return found


def main() -> int:
    packages = installed()
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        findings = list(pool.map(lambda item: check(*item), sorted(packages.items())))
    vulnerable = [f for f in findings if f.vulnerabilities]
    missed = [f for f in findings if not f.looked_up]
    for finding in vulnerable:
        print(f"VULNERABLE {finding.name} {finding.version}: {', '.join(finding.vulnerabilities)}")
    checked = len(findings) - len(missed)
    missed_names = ", ".join(f"{f.name} {f.version}" for f in missed)
    print(
        f"dependency audit: {checked} of {len(findings)} packages checked, "
        f"{len(vulnerable)} with known vulnerabilities"
        + (f"; not looked up: {missed_names}" if missed else "")
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
