"""The recordings page with AppTest: job status, the list, the glossary.
(Uploading runs in the browser test: AppTest has no file uploader; the
transcript's own page is in test_transcript.py.)"""

from __future__ import annotations

from facilitation.core.db import Database
from facilitation.models import FAILED
from tests.factories import make_transcript, make_workshop
from tests.pages.helpers import texts
from transcripts.store import (
    get_job,
    worker_beat,
)
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


def test_an_old_link_to_a_recording_opens_its_transcript_page(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = seed(app_database)
    at = open_page(RECORDINGS, recording=str(recording_id), at="5")
    assert not at.exception
    assert "Aテーブルの録音" in [title.value for title in at.title]
    assert "文字起こしを検索" in [i.label for i in at.text_input]
