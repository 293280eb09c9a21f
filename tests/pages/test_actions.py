"""The action-items pages and the home page's review lists, with AppTest."""

from __future__ import annotations

import datetime as dt
import re

from facilitation import actions
from tests.pages.helpers import texts

ACTIONS = "app_pages/actions.py"


def item_by_title(database, title: str) -> actions.ActionRead:  # type: ignore[no-untyped-def]
    with database.read() as session:
        return next(i for i in actions.list_actions(session=session) if i.title == title)


def test_overview_shows_the_sample_by_stage_with_exports(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ACTIONS)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert {"移動販売の誘致", "男性向け囲碁・将棋の会", "中高生ボランティア募集"} <= set(labels)
    assert [b.label for b in at.get("download_button")] == [
        "CSVで書き出す",
        "Excelで書き出す",
        "カレンダー（.ics）に書き出す",
    ]
    opened = next(b for b in at.button if b.label == "移動販売の誘致")
    opened.click().run()
    assert at.query_params["action"] in ("1", ["1"])
    assert "移動販売の誘致" in [h.value for h in at.header]


def test_home_lists_due_and_overdue_items(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page("app_pages/home.py")
    shown = texts(at)
    assert "今月ふりかえり予定の取組" in shown and "期限切れの取組" in shown
    labels = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith("移動販売の誘致") for label in labels)
    assert any(label.startswith("中高生ボランティア募集") for label in labels)


def test_launch_and_review_from_the_item_page(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    item = item_by_title(app_database, "男性向け囲碁・将棋の会")
    at = open_page(ACTIONS, action=str(item.id))
    at.button(key=f"move-{item.id}-active").click().run()
    item = item_by_title(app_database, "男性向け囲碁・将棋の会")
    assert item.stage == "active"
    assert "段階を変更しました。" in texts(at)

    form = f"review-{item.id}-{item.version}"
    next_review = dt.date.today() + dt.timedelta(days=60)
    results = next(a for a in at.text_area if a.form_id == form and a.label == "成果")
    results.input("毎回8人が参加")
    next(d for d in at.date_input if d.form_id == form and d.label == "次回ふりかえり").set_value(
        next_review
    )
    at.button(key=f"FormSubmitter:{form}-ふりかえりを記録").click().run()
    assert not at.exception
    with app_database.read() as session:
        detail = actions.get_action(session=session, action_id=item.id)
    assert detail.item.stage == "continuing"
    assert detail.item.next_review_date == next_review
    assert detail.reviews[0].results == "毎回8人が参加"
    # Who: the signed-in account (the admin is named 管理者), never a typed name.
    assert [e.actor for e in detail.events[-3:]] == ["管理者"] * 3
    assert detail.reviews[0].actor == "管理者"


def test_a_stale_page_cannot_move_the_item(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    item = item_by_title(app_database, "男性向け囲碁・将棋の会")
    at = open_page(ACTIONS, action=str(item.id))
    with app_database.write() as session:
        actions.change_stage(
            session=session,
            action_id=item.id,
            expected_version=item.version,
            to_stage="active",
            actor="別の職員",
        )
    at.button(key=f"move-{item.id}-active").click().run()
    assert "ほかの人が先に変更しました" in texts(at)


def test_due_date_before_start_is_refused(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    item = item_by_title(app_database, "中高生ボランティア募集")
    at = open_page(ACTIONS, action=str(item.id))
    form = f"edit-{item.id}-{item.version}"
    next(d for d in at.date_input if d.form_id == form and d.label == "開始日").set_value(
        dt.date(2026, 12, 1)
    )
    next(d for d in at.date_input if d.form_id == form and d.label == "期限").set_value(
        dt.date(2026, 11, 1)
    )
    at.button(key=f"FormSubmitter:{form}-保存").click().run()
    assert "期限は開始日より後にしてください。" in texts(at)


def test_unknown_item_is_a_message(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ACTIONS, action="999")
    assert "取組が見つかりません。" in texts(at)


def test_a_proposal_is_dropped_with_a_reason_and_reopened(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, item 1: 検討中 → 見送り and back, each with its reason."""
    with app_database.write() as session:
        item = actions.create_action(session=session, data=actions.ActionInput(title="夜の見守り"))
    at = open_page(ACTIONS, action=str(item.id))
    assert "→ 見送り" in [b.label for b in at.button]
    next(b for b in at.button if b.label == "→ 見送り").click().run()
    assert any("理由が必要" in e.value for e in at.error)
    assert item_by_title(app_database, "夜の見守り").stage == "proposed"
    at.text_input(key=f"move-note-{item.id}-{item.version}").input("担い手が見つからない")
    next(b for b in at.button if b.label == "→ 見送り").click().run()
    dropped = item_by_title(app_database, "夜の見守り")
    assert dropped.stage == "dropped"
    at.text_input(key=f"move-note-{item.id}-{dropped.version}").input("町会が引き受けた")
    next(b for b in at.button if b.label == "→ 検討中").click().run()
    assert item_by_title(app_database, "夜の見守り").stage == "proposed"
    with app_database.read() as session:
        events = actions.get_action(session=session, action_id=item.id).events
    assert [(e.from_stage, e.to_stage, e.note) for e in events][1:] == [
        ("proposed", "dropped", "担い手が見つからない"),
        ("dropped", "proposed", "町会が引き受けた"),
    ]


def test_two_tabs_cannot_silently_overwrite_each_other(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, item 2: the second save is refused and both texts are shown."""
    with app_database.write() as session:
        item = actions.create_action(session=session, data=actions.ActionInput(title="配食"))
    first = open_page(ACTIONS, action=str(item.id))
    second = open_page(ACTIONS, action=str(item.id))
    key = f"edit-{item.id}-{item.version}"
    next(w for w in first.text_input if w.form_id == key).input("配食サービスの試行")
    first.button(key=f"FormSubmitter:{key}-保存").click().run()
    assert item_by_title(app_database, "配食サービスの試行").version == item.version + 1

    next(w for w in second.text_input if w.form_id == key).input("配食（夕食のみ）")
    second.button(key=f"FormSubmitter:{key}-保存").click().run()
    assert item_by_title(app_database, "配食サービスの試行")  # the first save stands
    shown = texts(second)
    assert "配食（夕食のみ）" in [c.value for c in second.code]  # the refused text, kept
    assert "配食サービスの試行" in shown  # and what is saved now
    assert "ほかの画面で更新されました" in shown


def test_home_lists_this_weeks_reviews_and_deadlines(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    soon = dt.date.today() + dt.timedelta(days=3)
    later = dt.date.today() + dt.timedelta(days=30)
    with app_database.write() as session:
        actions.create_action(
            session=session, data=actions.ActionInput(title="今週の講座", due_date=soon)
        )
        actions.create_action(
            session=session, data=actions.ActionInput(title="来月の講座", due_date=later)
        )
    at = open_page("app_pages/home.py")
    assert "今週のふりかえり・期限" in texts(at)
    labels = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith("今週の講座") for label in labels)
    assert not any(label.startswith("来月の講座") for label in labels)


def test_the_timeline_shows_japan_times_newest_first(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    item = item_by_title(app_database, "移動販売の誘致")
    at = open_page(ACTIONS, action=str(item.id))
    lines = [
        m.value
        for m in at.markdown
        if re.match(r"\*\*\d{4}-\d{2}-\d{2}", m.value) and ":material/" in m.value
    ]
    stamps = [re.match(r"\*\*([\d\- :]+)\*\*", line).group(1) for line in lines]  # type: ignore[union-attr]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", s) for s in stamps), stamps
    assert [s[:10] for s in stamps] == sorted((s[:10] for s in stamps), reverse=True)


def test_an_item_shows_similar_items_from_elsewhere_on_a_click(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 14, item 3: link to an activity that already exists."""
    with app_database.write() as session:
        first = actions.create_action(
            session=session, data=actions.ActionInput(title="移動販売の誘致", district="さくら地区")
        )
        second = actions.create_action(
            session=session,
            data=actions.ActionInput(title="移動販売車の巡回", district="ひまわり地区"),
        )
    at = open_page("app_pages/actions.py", action=str(first.id))
    at.button(key=f"similar-{first.id}-{first.version}-go").click().run()
    links = [link.proto.label for link in at.get("page_link")]
    assert "移動販売車の巡回（検討中・ひまわり地区）" in links
    assert not any(label.startswith("移動販売の誘致（") for label in links)
    assert second.id != first.id
