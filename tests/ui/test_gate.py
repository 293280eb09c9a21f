"""The gate's rules, on a stand-in for Streamlit behind it (the real server is
driven in tests/e2e/test_gate.py)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from ui.gate import Gate, UploadBudget

TOKEN = "good-token"  # noqa: S105 - a stand-in cookie value


class Inner:
    """What Streamlit would be: answers 204 and remembers it was reached."""

    def __init__(self) -> None:
        self.reached: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.reached.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def call(gate: Gate, path: str, *, method: str = "GET", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    # In a thread of its own: a test before this one (Playwright's sync API)
    # may leave an event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, gate(scope, receive, send)).result()
    start = sent[0]
    return start["status"], dict(start["headers"])


def make(held: dict[str, int] | None = None, per_session: int = 100, total: int = 150):  # type: ignore[no-untyped-def]
    inner = Inner()
    budget = UploadBudget(per_session=per_session, total=total, held=lambda: dict(held or {}))
    return inner, Gate(inner, is_signed_in=lambda token: token == TOKEN, budget=budget)


SIGNED_IN = {"Cookie": f"kondan_session={TOKEN}"}


def test_pages_pass_with_the_security_headers() -> None:
    inner, gate = make()
    status, headers = call(gate, "/")
    assert status == 204 and inner.reached == ["/"]
    assert b"frame-ancestors 'self'" in headers[b"content-security-policy"]
    assert headers[b"x-content-type-options"] == b"nosniff"


def test_metrics_are_not_public() -> None:
    inner, gate = make()
    assert call(gate, "/_stcore/metrics", headers=SIGNED_IN)[0] == 404
    assert inner.reached == []


@pytest.mark.parametrize("path", ["/media/abc.wav", "/_stcore/upload_file/s1/f1"])
def test_media_and_uploads_need_a_signed_in_cookie(path: str) -> None:
    inner, gate = make()
    method = "PUT" if "upload" in path else "GET"
    length = {"Content-Length": "10"} if method == "PUT" else {}
    assert call(gate, path, method=method, headers=length)[0] == 403
    bad = {"Cookie": "kondan_session=stolen", **length}
    assert call(gate, path, method=method, headers=bad)[0] == 403
    assert inner.reached == []
    assert call(gate, path, method=method, headers={**SIGNED_IN, **length})[0] == 204
    assert inner.reached == [path]


def test_an_upload_must_say_its_length() -> None:
    inner, gate = make()
    assert call(gate, "/_stcore/upload_file/s1/f1", method="PUT", headers=SIGNED_IN)[0] == 411
    assert inner.reached == []


def test_uploads_are_capped_per_session_and_in_all() -> None:
    inner, gate = make(held={"s1": 60, "s2": 60})
    put = "/_stcore/upload_file/{}/f"

    def upload(session: str, size: int) -> int:
        headers = {**SIGNED_IN, "Content-Length": str(size)}
        return int(call(gate, put.format(session), method="PUT", headers=headers)[0])

    assert upload("s1", 41) == 413  # 60 + 41 > 100 for this session
    assert upload("s3", 31) == 413  # 120 + 31 > 150 in all
    assert upload("s1", 30) == 204  # within both; the reservation ends with the request
    assert upload("s1", 30) == 204
    assert len(inner.reached) == 2


def test_what_is_still_arriving_counts() -> None:
    budget = UploadBudget(per_session=100, total=150, held=dict)
    assert budget.reserve("s1", 90)
    assert not budget.reserve("s1", 20)  # the first upload has not finished
    assert budget.reserve("s2", 60)
    assert not budget.reserve("s3", 1)  # 150 arriving in all
    budget.release("s1", 90)
    assert budget.reserve("s3", 1)


def test_a_base_url_path_is_seen_through(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import config

    monkeypatch.setattr(
        config, "get_option", lambda key: "kondan" if key == "server.baseUrlPath" else None
    )
    inner, gate = make()
    assert call(gate, "/kondan/media/abc.wav")[0] == 403
    assert call(gate, "/kondan/_stcore/metrics")[0] == 404
    assert inner.reached == []
