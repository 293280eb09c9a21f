"""A sample residents' roundtable, so a newcomer sees a real board at once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from facilitation import boards
from facilitation.models import WorkshopRead
from facilitation.workshops import (
    GroupInput,
    WorkshopCreate,
    create_workshop,
    default_categories,
    default_phases,
    load_setup,
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
    return workshop
