"""The minutes page with AppTest."""

from __future__ import annotations

import datetime as dt

from facilitation.documents.reports import fiscal_year_start
from facilitation.ops.demo import seed_demo
from facilitation.workshops import boards
from facilitation.workshops.setup import get_workshop
from tests.pages.helpers import texts

MINUTES = "app_pages/minutes.py"


def test_notes_are_saved_and_documents_offered(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(MINUTES, workshop=str(demo["workshop_id"]))
    assert not at.exception
    decisions = next(a for a in at.text_area if a.label == "決定事項")
    decisions.input("移動販売の誘致を進める")
    next(b for b in at.button if b.label == "保存").click().run()
    assert "保存しました。" in texts(at)
    with app_database.read() as session:
        assert get_workshop(session=session, workshop_id=demo["workshop_id"]).decisions == (
            "移動販売の誘致を進める"
        )
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["議事録（Word）", "かわら版（Word・住民向け）"]
    assert "進捗報告（Word）" in labels


def _downloads(at) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Label → disabled, for the download buttons on the page."""
    return {b.proto.label: b.proto.disabled for b in at.get("download_button")}


def test_masked_documents_wait_for_the_review_which_remembers_choices(  # type: ignore[no-untyped-def]
    open_page, demo, app_database
) -> None:
    with app_database.write() as session:
        board = boards.load_board(session=session, workshop_id=demo["workshop_id"])
        boards.add_note(
            session=session,
            group_id=board.groups[0].group.id,
            text="向かいの田中さんが山田屋さんで倒れた",
        )
    at = open_page(MINUTES, workshop=str(demo["workshop_id"]))
    assert _downloads(at)["かわら版（Word・住民向け）"] is True  # not reviewed yet
    assert _downloads(at)["議事録（Word）"] is False  # unmasked minutes need no review
    next(c for c in at.checkbox if c.label.startswith("個人名")).check().run()
    assert not at.exception
    assert _downloads(at)["議事録（Word）"] is True
    shown = texts(at)
    assert ":red-background[**田中**]さんが" in shown  # highlighted, not yet masked

    never = next(m for m in at.multiselect if m.label == "マスクしない語")
    assert "田中" in never.options
    always = next(a for a in at.text_area if a.label.startswith("必ずマスクする語"))
    never.select("田中")
    always.input("山田屋")
    next(b for b in at.button if b.label == "選んだ内容を保存").click().run()
    with app_database.read() as session:
        workshop = get_workshop(session=session, workshop_id=demo["workshop_id"])
    assert (workshop.mask_always, workshop.mask_never) == (["山田屋"], ["田中"])
    assert ":red-background[**山田屋**]さんで" in texts(at)

    next(c for c in at.checkbox if c.label == "マスキングを確認しました").check().run()
    assert not any(_downloads(at)[k] for k in ("議事録（Word）", "かわら版（Word・住民向け）"))


def test_two_workshops_of_one_title_are_both_reachable(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Streamlit finds a chosen option by its label: two 「サンプル住民懇談会」
    once both chose the first, so /minutes?workshop=2 printed workshop 1."""
    with app_database.write() as session:
        first = seed_demo(session=session)
        second = seed_demo(session=session)
        board = boards.load_board(session=session, workshop_id=second.id)
        boards.add_note(
            session=session, group_id=board.groups[0].group.id, text="二つ目の懇談会の田中さん"
        )
    at = open_page(MINUTES, workshop=str(second.id))
    picker = at.selectbox[0]
    assert picker.value == second.id
    assert first.date is not None
    assert f"サンプル住民懇談会（{first.date.isoformat()}）（No.{first.id}）" in picker.options
    next(c for c in at.checkbox if c.label.startswith("個人名")).check().run()
    assert "二つ目の懇談会の:red-background[**田中**]さん" in texts(at)


def test_the_progress_report_asks_for_its_period(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    """This fiscal year to date unless chosen; a reversed period is refused."""
    at = open_page(MINUTES, workshop=str(demo["workshop_id"]))
    start = next(d for d in at.date_input if d.label == "報告期間（から）")
    end = next(d for d in at.date_input if d.label == "報告期間（まで）")
    today = dt.date.today()
    assert (start.value, end.value) == (fiscal_year_start(today), today)
    start.set_value(today + dt.timedelta(days=1)).run()
    assert "報告期間の始まりが終わりより後になっています。" in texts(at)
    assert "進捗報告（Word）" not in [b.label for b in at.get("download_button")]
