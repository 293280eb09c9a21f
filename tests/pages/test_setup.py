"""The setup page: create, edit and validate a workshop; join codes."""

from __future__ import annotations

import datetime as dt

from facilitation.core.settings import get_settings
from facilitation.workshops.setup import list_workshops, load_setup
from tests.factories import make_transcript
from tests.pages.helpers import by_label, texts

SETUP = "app_pages/setup.py"


def test_create_a_workshop_with_defaults(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(SETUP)
    by_label(at.text_input, "名称").input("ひまわり地区 住民懇談会")
    by_label(at.text_input, "地域").input("ひまわり地区")
    at.button(key="FormSubmitter:setup-保存する").click().run()
    assert not at.exception
    assert "懇談会を作成しました。" in texts(at)
    with app_database.read() as session:
        workshop = list_workshops(session=session)[0]
        setup = load_setup(session=session, workshop_id=workshop.id)
    assert workshop.title == "ひまわり地区 住民懇談会"
    assert [g.name for g in setup.groups] == ["Aテーブル", "Bテーブル", "Cテーブル", "Dテーブル"]
    assert [c.name for c in setup.categories] == ["困りごと", "地域の強み", "アイデア"]
    assert len(setup.phases) == 6
    # The page now edits it, with its join codes and sheet.
    assert at.query_params["workshop"] in (str(workshop.id), [str(workshop.id)])
    assert any(b.label == "参加コード票（PDF）" for b in at.get("download_button"))


def test_bad_times_are_refused_and_nothing_is_saved(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(SETUP)
    by_label(at.text_input, "名称").input("時間が逆")
    by_label(at.time_input, "開始時刻").set_value(dt.time(16, 0))
    by_label(at.time_input, "終了時刻").set_value(dt.time(15, 0))
    at.button(key="FormSubmitter:setup-保存する").click().run()
    assert "終了時刻は開始時刻より後にしてください。" in texts(at)
    with app_database.read() as session:
        assert list_workshops(session=session) == []


def test_edit_keeps_codes_and_renew_changes_one(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(SETUP, workshop=str(demo["workshop_id"]))
    by_label(at.text_input, "会場").input("さくら小学校 体育館")
    at.button(key="FormSubmitter:setup-保存する").click().run()
    assert "保存しました。" in texts(at)
    first = demo["groups"][0]
    # Renewal asks first (it cuts off the leader who holds the old code).
    assert "いまのコードはすぐに使えなくなり" in texts(at)
    at.button(key=f"renew-confirm-{first.id}").click().run()
    with app_database.read() as session:
        setup = load_setup(session=session, workshop_id=demo["workshop_id"])
    assert setup.workshop.venue == "さくら小学校 体育館"
    assert setup.groups[0].join_code != first.join_code
    assert setup.groups[1].join_code == demo["groups"][1].join_code


def test_a_localhost_address_warns_and_offers_the_lan(open_page, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = open_page(SETUP, workshop=str(demo["workshop_id"]))
    assert "QRコードがスマートフォン自身を指してしまいます" in texts(at)
    for radio in [r for r in at.radio if r.label == "QRコードに使うアドレス"]:
        # shown literally (a radio's labels are markdown), chosen as addresses
        assert radio.options[-1] == "`http://localhost:8501`"
        assert radio.value.startswith("http://") and radio.value != "http://localhost:8501"


def test_a_public_url_is_used_without_warning(open_page, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KONDAN_PUBLIC_URL", "https://kondan.example.jp")
    get_settings.cache_clear()
    at = open_page(SETUP, workshop=str(demo["workshop_id"]))
    assert "QRコードがスマートフォン自身を指してしまいます" not in texts(at)
    get_settings.cache_clear()


def test_the_workshop_links_its_recordings_transcripts(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    recording_id, _ = make_transcript(
        app_database,
        [(0.0, 2.0, "話し合います。")],
        title="全体会",
        workshop_id=demo["workshop_id"],
    )
    make_transcript(app_database, [(0.0, 2.0, "ほかの会")], title="別の会の録音")
    at = open_page(SETUP, workshop=str(demo["workshop_id"]))
    assert not at.exception
    links = [link for link in at.get("page_link") if link.proto.label == "全体会"]
    assert len(links) == 1 and f"recording={recording_id}" in links[0].proto.query_string
    assert "別の会の録音" not in [link.proto.label for link in at.get("page_link")]
    # A facilitator account has no access to recordings: no list.
    facilitator = open_page(SETUP, as_user="facilitator", workshop=str(demo["workshop_id"]))
    assert "全体会" not in [link.proto.label for link in facilitator.get("page_link")]
