"""A sample residents' roundtable, so a newcomer sees a real board at once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from facilitation import actions
from facilitation.models import WorkshopRead
from facilitation.workshops import boards
from facilitation.workshops.setup import (
    GroupInput,
    WorkshopCreate,
    create_workshop,
    default_categories,
    default_phases,
    load_setup,
    save_minutes_notes,
)

DEMO_TITLE = "サンプル住民懇談会"

# (category index, text) per table; clusters name the note indexes they hold.
_TABLES: list[dict] = [
    {
        "name": "Aテーブル",
        "leader": "佐藤",
        "notes": [
            (0, "スーパーが閉店して買い物が大変"),
            (0, "坂が多くて高齢者は外出しにくい"),
            (0, "バスの本数が少ない"),
            (1, "商店街の人が顔見知り"),
            (1, "町会の見守りが続いている"),
            (2, "移動販売を呼べないか"),
            (2, "買い物ついでのお茶会"),
            (0, "重い荷物を運べない"),
            (1, "民生委員さんが親身"),
            (2, "乗り合いで買い物ツアー"),
        ],
        "clusters": [
            ("買い物・移動の困難", [0, 1, 2, 7], 5),
            ("顔の見える関係", [3, 4, 8], 3),
            ("買い物支援のアイデア", [5, 6, 9], 7),
        ],
        "summary": "買い物と移動が大きな困りごと。商店街や町会のつながりを生かし、"
        "移動販売と乗り合いの買い物ツアーを試したい。",
    },
    {
        "name": "Bテーブル",
        "leader": "鈴木",
        "notes": [
            (0, "サロンの参加者が減っている"),
            (0, "男性の参加が少ない"),
            (0, "新しく越してきた人と知り合う場がない"),
            (1, "集会所が使いやすい"),
            (1, "サロンのボランティアが元気"),
            (2, "男性向けの囲碁・将棋の会"),
            (2, "子ども食堂と一緒にやる"),
            (2, "回覧板で手書きの呼びかけ"),
            (1, "公園でラジオ体操をしている"),
            (0, "情報が届いていない世帯がある"),
        ],
        "clusters": [
            ("参加者が減っている", [0, 1, 2, 9], 4),
            ("使える場と人", [3, 4, 8], 2),
            ("新しい呼びかけ", [5, 6, 7], 6),
        ],
        "summary": "サロンの参加者が減り、特に男性や転入者に届いていない。"
        "囲碁・将棋の会や子ども食堂との合同開催で新しい人を呼びたい。",
    },
    {
        "name": "Cテーブル",
        "leader": "高橋",
        "notes": [
            (0, "見守りの担い手が高齢化"),
            (0, "若い世代が地域活動を知らない"),
            (0, "一人暮らしの高齢者が増えた"),
            (1, "中学校が地域行事に協力的"),
            (1, "新聞販売店が気にかけてくれる"),
            (2, "中高生ボランティアの募集"),
            (2, "見守りの講座を開く"),
            (2, "ゆるやかな見守りの仕組み"),
            (1, "マンションの管理人さんと連携できる"),
            (0, "災害時の安否確認が心配"),
        ],
        "clusters": [
            ("担い手不足", [0, 1, 2, 9], 6),
            ("地域の協力者", [3, 4, 8], 3),
            ("若い世代と見守り", [5, 6, 7], 8),
        ],
        "summary": "見守りの担い手が高齢化している。中学校や事業者の協力を得て、"
        "中高生ボランティアと見守り講座から始めたい。",
    },
]

# What staff write after the session: one line per point, as on /minutes.
_PLENARY = """各テーブルとも「つながりはあるが、新しい人に届いていない」という声が共通していた。
買い物・移動の困りごとは高齢者だけでなく子育て世帯からも出た。
中学校・商店街・新聞販売店など、見守りに協力できる地域の力が多く挙がった。"""
_DECISIONS = """移動販売の誘致について、区社協が事業者に打診する。
男性向けの囲碁・将棋の会を、集会所で試行する。
中高生ボランティアの募集を、中学校と相談して進める。"""
_NEXT_STEPS = """来月の町会長会議で本日の結果を報告する。
取組ごとに担い手と打合せを行い、3か月後にふりかえりの会を開く。
かわら版を回覧板で全戸に配布する。"""


def _later_this_month(today: dt.date) -> dt.date:
    """A day still ahead in this month (today on its last day), so the sample
    shows on the home page's "due for review this month" list."""
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return min(today + dt.timedelta(days=5), month_end)


def _seed_actions(session: Session, workshop: WorkshopRead, today: dt.date) -> None:
    """Action items at several stages, with events, a support log and a review,
    so a newcomer sees the whole lifecycle."""
    board = boards.load_board(session=session, workshop_id=workshop.id)
    staff = "区社協 地域福祉コーディネーター"
    table_a, table_b, table_c = board.groups
    delivery = actions.create_action(
        session=session,
        data=actions.ActionInput(
            title="移動販売の誘致",
            description="スーパー閉店後の買い物支援として、移動販売車の定期巡回を呼ぶ。",
            kind="activity",
            owners=("local_group", "council_staff"),
            owner_names="さくら町会、区社協",
            start_date=today - dt.timedelta(days=120),
            due_date=today + dt.timedelta(days=240),
            progress=60,
        ),
        actor=staff,
        source_kind="cluster",
        source_id=table_a.clusters[2].id,
    )
    version = delivery.version
    for stage in ("preparing", "active", "reviewing"):
        version = actions.change_stage(
            session=session,
            action_id=delivery.id,
            expected_version=version,
            to_stage=stage,
            actor=staff,
            note="",
        ).version
    actions.add_log_entry(
        session=session,
        action_id=delivery.id,
        date=today - dt.timedelta(days=90),
        kind="visit",
        staff=staff,
        note="販売事業者と巡回ルートを相談",
    )
    actions.record_review(
        session=session,
        action_id=delivery.id,
        expected_version=version,
        review=actions.ReviewInput(
            date=today - dt.timedelta(days=14),
            decision="continue",
            attendees="町会役員3名、利用者5名、区社協",
            satisfaction_counts=(0, 0, 1, 3, 4),
            results="週1回の巡回に毎回20人ほどが利用。",
            issues="坂の上の世帯に届いていない。",
            improvements="停車場所を1か所増やす。",
            next_review_date=_later_this_month(today),
        ),
        actor=staff,
    )
    salon = actions.create_action(
        session=session,
        data=actions.ActionInput(
            title="男性向け囲碁・将棋の会",
            kind="event",
            owners=("volunteers",),
            owner_names="サロンボランティア",
            start_date=today - dt.timedelta(days=30),
            progress=30,
        ),
        actor=staff,
        source_kind="group_summary",
        source_id=table_b.summary.id if table_b.summary else None,
        workshop_id=workshop.id,
    )
    actions.change_stage(
        session=session,
        action_id=salon.id,
        expected_version=salon.version,
        to_stage="preparing",
        actor=staff,
        note="集会所の予約が取れた",
    )
    actions.create_action(
        session=session,
        data=actions.ActionInput(
            title="中高生ボランティア募集",
            kind="course",
            owners=("council_staff",),
            due_date=today - dt.timedelta(days=3),
        ),
        actor=staff,
        source_kind="note",
        source_id=table_c.notes_in(table_c.clusters[2].id)[0].id,
    )


def seed_demo(*, session: Session, today: dt.date | None = None) -> WorkshopRead:
    """Create the sample workshop with tables, notes in clusters, votes and summaries."""
    workshop = create_workshop(
        session=session,
        details=WorkshopCreate(
            title=DEMO_TITLE,
            theme="地域の困りごとと強みを出し合い、できることを考える",
            purpose="住民・関係者が地域の課題と資源を共有し、新しい取組の芽を見つける",
            district="さくら地区",
            date=today or dt.date.today(),
            start_time=dt.time(14, 0),
            end_time=dt.time(16, 0),
            venue="さくら地区センター 多目的室",
            facilitator="区社協 地域福祉コーディネーター",
            recorder="区社協 職員",
        ),
        phases=default_phases(),
        participants={
            "resident": 14,
            "welfare_commissioner": 4,
            "community_activist": 5,
            "welfare_professional": 3,
            "ward_office": 2,
            "council": 3,
        },
        categories=default_categories(),
        groups=[GroupInput(name=t["name"], leader_name=t["leader"]) for t in _TABLES],
    )
    setup = load_setup(session=session, workshop_id=workshop.id)
    for table, group in zip(_TABLES, setup.groups, strict=True):
        notes = [
            boards.add_note(
                session=session,
                group_id=group.id,
                text=text,
                category_id=setup.categories[category].id,
            )
            for category, text in table["notes"]
        ]
        for position, (label, members, votes) in enumerate(table["clusters"]):
            cluster = boards.create_cluster(
                session=session,
                group_id=group.id,
                label=label,
                note_ids=tuple(notes[i].id for i in members),
            )
            boards.vote_cluster(
                session=session, group_id=group.id, cluster_id=cluster.id, delta=votes
            )
            for offset, index in enumerate(members):
                dots = (position + offset) % 3
                if dots:
                    boards.vote_note(
                        session=session, group_id=group.id, note_id=notes[index].id, delta=dots
                    )
        boards.save_group_summary(
            session=session, group_id=group.id, text=table["summary"], expected_version=0
        )
    workshop = save_minutes_notes(
        session=session,
        workshop_id=workshop.id,
        expected_version=workshop.version,
        plenary_notes=_PLENARY,
        decisions=_DECISIONS,
        next_steps=_NEXT_STEPS,
    )
    _seed_actions(session, workshop, today or dt.date.today())
    return workshop
