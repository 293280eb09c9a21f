"""The recordings page with AppTest: job status, the transcript editor,
speakers, search, notes from segments, exports. (Uploading runs in the
browser test: AppTest has no file uploader.)"""

from __future__ import annotations

import shutil

from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.settings import get_settings
from facilitation.models import DONE, FAILED
from facilitation.workshops import boards
from tests.factories import make_transcript, make_workshop
from tests.pages.helpers import texts
from tests.transcripts.audio_files import FIXTURES
from transcripts.engine import Segment
from transcripts.store import (
    claim_job,
    finish_job,
    get_job,
    list_segments,
    record_progress,
    update_segment,
    worker_beat,
)
from transcripts.versions import latest_job
from transcripts.vocabulary import terms

RECORDINGS = "app_pages/recordings.py"


def seed(
    database: Database,
    *,
    workshop_id: int | None = None,
    group_id: int | None = None,
    finish: str | None = "done",
) -> tuple[int, int]:
    return make_transcript(
        database,
        [
            (0.0, 4.4, "今日は地域の困りごとについて話し合います"),
            (5.2, 10.1, "買い物に行くのが大変です"),
        ],
        title="Aテーブルの録音",
        workshop_id=workshop_id,
        group_id=group_id,
        progress=0.4,
        eta_s=90,
        finish=finish,
        error_key="error.audio_undecodable" if finish == FAILED else None,
    )


def test_empty_page_offers_an_upload(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(RECORDINGS)
    assert not at.exception
    assert "まだ録音がありません。" in texts(at)
    assert any(b.label == "文字起こしを始める" and b.disabled for b in at.button)


def test_running_job_shows_percentage_and_time_left(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    seed(app_database, finish=None)
    at = open_page(RECORDINGS)
    progress = at.get("progress")[0]
    assert "文字起こし中 40%" in progress.proto.text
    assert "残り約2分" in progress.proto.text
    assert any(b.label == "中止" for b in at.button)


def test_failed_job_says_why_and_can_be_retried(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    _, job_id = make_transcript(
        app_database, [], title="途中で止まった録音", finish=FAILED, error_key="error.job_timeout"
    )
    at = open_page(RECORDINGS)
    at.button(key=f"list-retry-{job_id}").click().run()
    with app_database.read() as session:
        assert get_job(session=session, job_id=job_id).status == "queued"


def test_a_file_that_can_never_decode_offers_no_retry(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 5: a permanent failure says so and offers no retry."""
    _, job_id = seed(app_database, finish=FAILED)
    at = open_page(RECORDINGS)
    assert "音声として読み込めないファイルです" in texts(at)
    assert "やり直しはできません" in texts(at)
    assert f"list-retry-{job_id}" not in [b.key for b in at.button]


def test_edit_rename_search_and_export(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(RECORDINGS, recording=str(recording_id))
    assert "音声ファイルは保存期間を過ぎたため削除されています。" in texts(at)
    with app_database.read() as session:
        first = list_segments(session=session, recording_id=recording_id)[0]
    key = f"seg-{first.id}-{first.version}"
    at.text_area(key=f"{key}-text").input("今日は地域の困りごとと強みについて話し合います")
    at.text_input(key=f"{key}-speaker").input("司会")
    at.button(key=f"{key}-save").click().run()
    with app_database.read() as session:
        saved = list_segments(session=session, recording_id=recording_id)[0]
    assert saved.text == "今日は地域の困りごとと強みについて話し合います"
    assert saved.speaker == "司会" and saved.version == first.version + 1

    # A second browser still showing the old version is refused, its text kept.
    stale = open_page(RECORDINGS, recording=str(recording_id))
    stale.run()
    with app_database.write() as session:
        update_segment(
            session=session,
            segment_id=saved.id,
            expected_version=saved.version,
            text="別の人の修正",
        )
    skey = f"seg-{saved.id}-{saved.version}"
    stale.text_area(key=f"{skey}-text").input("古い画面からの修正")
    stale.button(key=f"{skey}-save").click().run()
    assert "ほかの人が先に変更しました" in texts(stale)
    assert any(code.value == "古い画面からの修正" for code in stale.code)

    at.run()
    at.text_input(key=f"search-{recording_id}").input("買い物").run()
    assert "買い物に行くのが大変です" in [a.value for a in at.text_area]
    assert "別の人の修正" not in [a.value for a in at.text_area]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["TXT", "SRT", "VTT", "JSON"]


def test_segment_becomes_a_note_on_its_table(open_page, app_database, demo) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][1]
    recording_id, _ = seed(app_database, workshop_id=demo["workshop_id"], group_id=group.id)
    at = open_page(RECORDINGS, recording=str(recording_id))
    with app_database.read() as session:
        segment = list_segments(session=session, recording_id=recording_id)[1]
    at.button(key=f"seg-{segment.id}-{segment.version}-note").click().run()
    with app_database.read() as session:
        notes = boards.load_group_board(session=session, group_id=group.id).notes
    assert [n.text for n in notes].count("買い物に行くのが大変です") == 1
    assert "テーブルのボードに付箋を追加しました。" in texts(at)


def test_segment_becomes_an_action_item_that_links_back(open_page, app_database, demo) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 4: one click on the segment; the item opens the
    recording at that second."""
    recording_id, _ = seed(app_database, workshop_id=demo["workshop_id"])
    at = open_page(RECORDINGS, recording=str(recording_id))
    with app_database.read() as session:
        segment = list_segments(session=session, recording_id=recording_id)[1]
    at.button(key=f"seg-{segment.id}-{segment.version}-action").click().run()
    assert "取組「買い物に行くのが大変です」をつくりました（検討中）。" in texts(at)
    with app_database.read() as session:
        item = next(i for i in actions.list_actions(session=session) if i.source_kind == "segment")
    assert (item.title, item.source_id, item.workshop_id) == (
        "買い物に行くのが大変です",
        segment.id,
        demo["workshop_id"],
    )
    page = open_page("app_pages/actions.py", action=str(item.id))
    links = [link for link in page.get("page_link") if link.proto.label == "もとの発言を聞く"]
    assert len(links) == 1
    again = open_page(RECORDINGS, recording=str(recording_id), at="5")
    assert again.session_state[f"play-{recording_id}"] == 5  # the player starts there


def test_the_page_says_when_no_worker_runs(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 5: uploads would wait; say how to start a worker."""
    at = open_page(RECORDINGS)
    assert any("文字起こしワーカーが動いていません" in w.value for w in at.warning)
    with app_database.write() as session:
        worker_beat(session=session, worker="office-pc:1")
    again = open_page(RECORDINGS)
    assert not any("文字起こしワーカーが動いていません" in w.value for w in again.warning)


def test_the_list_filters_by_workshop_and_state_and_pages(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 6: newest first, filtered, 20 to a page."""
    spring = make_workshop(app_database, title="春の懇談会")
    autumn = make_workshop(app_database, title="秋の懇談会")
    make_transcript(app_database, [], title="春の録音", workshop_id=spring.workshop.id)
    make_transcript(
        app_database,
        [],
        title="秋の失敗した録音",
        workshop_id=autumn.workshop.id,
        finish=FAILED,
        error_key="error.job_timeout",
    )
    for number in range(22):
        make_transcript(app_database, [], title=f"録音{number:02d}")
    at = open_page(RECORDINGS)
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert titles[0].startswith("**録音21**")  # newest first
    assert len(titles) == 20 and "24件（新しい順）" in texts(at)
    at.segmented_control(key="rec_list_page").set_value(1).run()
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert [title.split("**")[1] for title in titles] == [
        "録音01",
        "録音00",
        "秋の失敗した録音",
        "春の録音",
    ]
    assert len(titles) == 4
    at.selectbox(key="rec_filter_workshop").set_value(spring.workshop.id).run()
    titles = [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]
    assert titles == ["春の録音"]
    at.selectbox(key="rec_filter_workshop").set_value("all").run()
    at.selectbox(key="rec_filter_state").set_value("failed").run()
    titles = [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]
    assert titles == ["秋の失敗した録音"]
    at.selectbox(key="rec_filter_state").set_value("no_consent").run()
    assert "条件に合う録音はありません。" in texts(at)


def test_the_glossary_can_be_set_before_any_upload(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 3 (in part): the terms are on /recordings with no recording open."""
    at = open_page(RECORDINGS)
    assert "用語集・表記ルール" in [e.label for e in at.expander]
    terms_box = next(a for a in at.text_area if a.label == "用語")
    terms_box.input("さくら川\nふれあい喫茶")
    at.button(key="FormSubmitter:terms-default--保存").click().run()
    with app_database.read() as session:
        assert terms(session=session, scope="default")[:2] == ["さくら川", "ふれあい喫茶"]


def test_transcribe_again_then_put_the_old_transcript_back(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 3: a re-run with today's glossary replaces the
    transcript; the old one comes back with one click until confirmed."""
    recording_id, _ = seed(app_database)
    folder = get_settings().recordings_dir
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "s01.flac", folder / "missing.flac")
    at = open_page(RECORDINGS, recording=str(recording_id))
    at.button(key=f"again-{recording_id}").click().run()
    assert not at.exception
    assert "もう一度文字起こしします" in texts(at)
    assert "順番待ち" in texts(at)  # the opened recording's job, under its title
    with app_database.write() as session:
        job = latest_job(session=session, recording_id=recording_id)
        assert job is not None and job.status == "queued" and job.hotwords
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
    at = open_page(RECORDINGS, recording=str(recording_id))
    assert "新しい文字起こしに置き換えました" in texts(at)
    assert "今日は地域の困りごとについて話し合います" in texts(at)  # the kept one, named
    assert not at.exception
    at.button(key="restore-kept").click().run()
    with app_database.read() as session:
        back = [s.text for s in list_segments(session=session, recording_id=recording_id)]
    assert back == ["今日は地域の困りごとについて話し合います", "買い物に行くのが大変です"]
    assert "新しい文字起こしに置き換えました" not in texts(at.run())


def test_notation_rules_rewrite_an_existing_transcript(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = make_transcript(
        app_database, [(0.0, 2.0, "子供の居場所づくり"), (2.0, 4.0, "サロンの話")]
    )
    at = open_page(RECORDINGS, recording=str(recording_id))
    assert "1 か所の区切りが変わります" in texts(at)
    assert "子どもの居場所づくり" in texts(at)  # the preview
    at.button(key=f"notation-{recording_id}").click().run()
    with app_database.read() as session:
        now = [s.text for s in list_segments(session=session, recording_id=recording_id)]
    assert now == ["子どもの居場所づくり", "サロンの話"]
    assert "表記ルールで直すところはありません。" in texts(at.run())
