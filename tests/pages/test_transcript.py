"""A recording's transcript page (/transcript) with AppTest: the editor's
data, search that ignores width and kana type, find and replace through a
preview, transcribing again, the notation rules, the chooser. (The editor's
own behaviour in the browser is in tests/e2e/test_transcript.py; its events
in tests/ui/test_transcript_events.py.)"""

from __future__ import annotations

import json
import shutil
from typing import Any

from streamlit.testing.v1 import AppTest

from facilitation import actions
from facilitation.core.settings import get_settings
from facilitation.models import DONE
from tests.factories import make_transcript
from tests.pages.helpers import texts
from tests.transcripts.audio_files import FIXTURES
from transcripts.engine import Segment
from transcripts.store import (
    claim_job,
    finish_job,
    list_segments,
    record_progress,
    update_segment,
)
from transcripts.versions import latest_job
from transcripts.vocabulary import terms

TRANSCRIPT = "app_pages/transcript.py"
LINES = [
    (0.0, 4.4, "今日は地域の困りごとについて話し合います"),
    (5.2, 10.1, "買い物に行くのが大変です"),
    (10.9, 14.0, "ｻﾛﾝとさろんの話です"),
]


def seed(database: Any) -> tuple[int, int]:
    return make_transcript(database, LINES, title="Aテーブルの録音")


def editor_data(at: AppTest) -> dict[str, Any]:
    """The data a run sent to the transcript editor component."""
    components = at.get("bidi_component")
    assert components, "no transcript editor on the page"
    data: dict[str, Any] = json.loads(json.loads(components[0].proto.json)["doc"])
    return data


def test_the_editor_gets_the_transcript_and_who_may_change_it(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    assert not at.exception
    assert "Aテーブルの録音" in [title.value for title in at.title]
    data = editor_data(at)
    assert [s["text"] for s in data["segments"]] == [text for _, _, text in LINES]
    assert data["can_edit"] and data["text"]["play"] == "▶ 再生"
    assert "音声ファイルは保存期間を過ぎたため削除されています。" in texts(at)


def test_a_change_elsewhere_reaches_the_editor_on_its_next_refresh(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    first = editor_data(at)["segments"][0]
    with app_database.write() as session:
        update_segment(
            session=session,
            segment_id=first["id"],
            expected_version=first["version"],
            text="<b>別のタブの修正</b>",
        )
    at.run()
    assert editor_data(at)["segments"][0]["text"] == "<b>別のタブの修正</b>"


def test_search_ignores_width_and_kana_and_says_how_many(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    at.text_input(key=f"search-{recording_id}").input("サロン").run()
    assert not at.exception
    assert "**2件**見つかりました（1つの発言）" in [m.value for m in at.markdown]
    data = editor_data(at)
    third = data["segments"][2]["id"]
    assert data["hits"] == {str(third): [[0, 3], [4, 7]]}


def test_find_and_replace_previews_then_writes(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    at.text_input(key=f"search-{recording_id}").input("さろん").run()
    form = f"FormSubmitter:replace-{recording_id}-変わる発言を確かめる"
    replace_with = next(i for i in at.text_input if i.label == "置き換える語")
    replace_with.input("サロン")
    at.button(key=form).click().run()
    assert not at.exception
    assert "1件の発言が次のように変わります。" in texts(at)
    with app_database.read() as session:  # only a preview so far
        assert list_segments(session=session, recording_id=recording_id)[2].text == LINES[2][2]
    at.button(key=f"replace-do-{recording_id}").click().run()
    with app_database.read() as session:
        now = [s.text for s in list_segments(session=session, recording_id=recording_id)]
    assert now[2] == "サロンとサロンの話です"
    assert "1件の発言を置き換えました。" in texts(at)


def test_the_chooser_opens_a_recording(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    seed(app_database)
    at = open_page(TRANSCRIPT)
    assert not at.exception
    at.selectbox[0].select_index(0).run()
    assert not at.exception
    assert "Aテーブルの録音" in [title.value for title in at.title]


def test_a_missing_recording_says_so(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(TRANSCRIPT, recording="999")
    assert not at.exception
    assert "録音が見つかりません" in " ".join(e.value for e in at.error)


def test_transcribe_again_then_put_the_old_transcript_back(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 3: a re-run with today's glossary replaces the
    transcript; the old one comes back with one click until confirmed."""
    recording_id, _ = seed(app_database)
    folder = get_settings().recordings_dir
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "s01.flac", folder / "missing.flac")
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    # A term added right beside the button goes into this re-run's glossary.
    terms_box = at.text_area(key=f"again-terms-{recording_id}")
    terms_box.input(terms_box.value + "\nふれあい喫茶")
    at.button(key=f"again-{recording_id}").click().run()
    assert not at.exception
    assert "もう一度文字起こしします" in texts(at)
    with app_database.read() as session:
        assert "ふれあい喫茶" in terms(session=session, scope="default")
    assert "順番待ち" in texts(at)  # the opened recording's job, under its title
    with app_database.write() as session:
        job = latest_job(session=session, recording_id=recording_id)
        assert job is not None and job.status == "queued" and "ふれあい喫茶" in (job.hotwords or "")
        claim_job(session=session, job_id=job.id)
        record_progress(
            session=session,
            job_id=job.id,
            progress=1.0,
            eta_s=None,
            segments=[Segment(0.0, 4.0, "新しい文字起こしです")],
            recording_id=recording_id,
        )
        finish_job(session=session, job_id=job.id, status=DONE)
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    assert "新しい文字起こしに置き換えました" in texts(at)
    assert "今日は地域の困りごとについて話し合います" in texts(at)  # the kept one, named
    assert not at.exception
    at.button(key="restore-kept").click().run()
    with app_database.read() as session:
        back = [s.text for s in list_segments(session=session, recording_id=recording_id)]
    assert back == [text for _, _, text in LINES]
    assert "新しい文字起こしに置き換えました" not in texts(at.run())


def test_notation_rules_rewrite_an_existing_transcript(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = make_transcript(
        app_database, [(0.0, 2.0, "子供の居場所づくり"), (2.0, 4.0, "サロンの話")]
    )
    at = open_page(TRANSCRIPT, recording=str(recording_id))
    assert "1 か所の区切りが変わります" in texts(at)
    assert "子どもの居場所づくり" in texts(at)  # the preview
    at.button(key=f"notation-{recording_id}").click().run()
    with app_database.read() as session:
        now = [s.text for s in list_segments(session=session, recording_id=recording_id)]
    assert now == ["子どもの居場所づくり", "サロンの話"]
    assert "表記ルールで直すところはありません。" in texts(at.run())


def test_a_facilitator_gets_no_transcript(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(TRANSCRIPT, as_user="facilitator", recording=str(recording_id))
    assert not at.exception
    assert not at.get("bidi_component")
    assert "買い物に行くのが大変です" not in texts(at)


def test_an_action_item_from_a_segment_links_back_to_its_second(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    with app_database.write() as session:
        segment = list_segments(session=session, recording_id=recording_id)[1]
        item = actions.create_from_source(session=session, kind="segment", source_id=segment.id)
    page = open_page("app_pages/actions.py", action=str(item.id))
    assert not page.exception
    links = [link for link in page.get("page_link") if link.proto.label == "もとの発言を聞く"]
    assert len(links) == 1
    assert links[0].proto.page == "transcript"
    assert f"recording={recording_id}" in links[0].proto.query_string
    assert "at=5" in links[0].proto.query_string
