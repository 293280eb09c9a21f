"""The gate in front of Streamlit's routes, played as the attacker (issue 12,
findings 6, 7 and 15): a client with no sign-in gets no recording, no export
and no upload slot; the metrics are not public; every answer carries the
security headers."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from facilitation.core.db import Database
from facilitation.models import AuditEvent
from tests.e2e.conftest import RunningApp, staff_page

pytestmark = pytest.mark.e2e


def _status(url: str, *, cookie: str = "", method: str = "GET", body: bytes | None = None) -> int:
    request = urllib.request.Request(url, method=method, data=body)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_an_export_reaches_only_a_signed_in_browser(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    page = staff_page(browser, app)
    page.goto(f"{app.url}/minutes?workshop={demo['workshop_id']}")
    button = page.get_by_role("button", name="議事録（Word）")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    url = download.value.url
    assert "/media/" in url, url
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    with database.read() as session:
        exports = {
            (e.actor, e.target, e.detail)
            for e in session.exec(select(AuditEvent).where(AuditEvent.action == "export"))  # type: ignore[arg-type]
        }
    assert ("admin", f"workshop:{demo['workshop_id']}", "minutes.docx") in exports
    cookie = "; ".join(
        f"{c['name']}={c['value']}" for c in page.context.cookies() if c["name"] == "kondan_session"
    )
    assert cookie
    assert _status(url, cookie=cookie) == 200  # the signed-in browser's own cookie
    assert _status(url) == 403  # anyone else, who learnt the address
    assert _status(url, cookie="kondan_session=forged") == 403

    page.get_by_role("button", name="サインアウト").click()
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=30_000)
    assert _status(url, cookie=cookie) == 403  # the token died with the sign-out
    page.context.close()


def test_an_anonymous_client_cannot_upload(app: RunningApp) -> None:
    body = b"x" * 1024
    url = f"{app.url}/_stcore/upload_file/some-session/some-file"
    assert _status(url, method="PUT", body=body) == 403


def test_metrics_are_hidden_and_every_answer_has_security_headers(app: RunningApp) -> None:
    assert _status(f"{app.url}/_stcore/metrics") == 404
    with urllib.request.urlopen(f"{app.url}/", timeout=10) as response:
        headers = response.headers
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "same-origin"
