"""Every string the UI and the CLI show, Japanese first, English second."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- app and navigation
    "app.title": ("Kondan 懇談", "Kondan"),
    "nav.home": ("ホーム", "Home"),
    "nav.setup": ("懇談会の準備", "Workshop setup"),
    "nav.board": ("ファシリテーター画面", "Facilitator board"),
    "nav.group": ("まとめ役の画面", "Group leader"),
    "nav.language": ("表示言語", "Language"),
    "common.kept_text": (
        "保存できなかった入力内容（コピーして使えます）：",
        "What you typed, not saved (copy it from here):",
    ),
    # --- home
    "home.heading": ("懇談会・ワークショップ", "Workshops"),
    "home.intro": (
        "付箋・島づくり・投票・グループまとめをその場で記録し、全体共有まで進めます。",
        "Record sticky notes, islands, votes and group summaries live, through to the plenary.",
    ),
    "home.empty": (
        "まだ懇談会がありません。サンプルを読み込むと、すぐに画面を試せます。",
        "No workshops yet. Load the sample to try the screens at once.",
    ),
    "home.load_demo": ("サンプル懇談会を読み込む", "Load the sample workshop"),
    "home.demo_loaded": ("サンプル懇談会を作成しました。", "The sample workshop was created."),
    "home.new": ("新しい懇談会を準備する", "Prepare a new workshop"),
    "home.open_board": ("ボードを開く", "Open board"),
    "home.edit": ("編集", "Edit"),
    "home.copy": ("これをもとに新規作成", "New from this one"),
    "home.copied": ("コピーを作成しました。", "A copy was created."),
    "home.join_heading": ("まとめ役の方はこちら", "Group leaders"),
    "home.join_code": ("参加コード", "Join code"),
    "home.join_button": ("テーブルに入る", "Join the table"),
    "home.tables": ("テーブル", "tables"),
    "home.notes": ("付箋", "notes"),
    "home.closed": ("終了", "closed"),
    # --- setup
    "setup.heading": ("懇談会の準備", "Workshop setup"),
    "setup.edit_heading": ("懇談会の編集", "Edit workshop"),
    "setup.details": ("基本情報", "Details"),
    "setup.title": ("名称", "Title"),
    "setup.theme": ("テーマ", "Theme"),
    "setup.purpose": ("目的", "Purpose"),
    "setup.district": ("地域", "District"),
    "setup.date": ("開催日", "Date"),
    "setup.start_time": ("開始時刻", "Start"),
    "setup.end_time": ("終了時刻", "End"),
    "setup.venue": ("会場", "Venue"),
    "setup.facilitator": ("進行", "Facilitator"),
    "setup.recorder": ("記録", "Recorder"),
    "setup.agenda": ("次第（進行）", "Agenda"),
    "setup.phase_title": ("項目", "Phase"),
    "setup.phase_minutes": ("分", "Minutes"),
    "setup.participants": ("参加者数", "Participants"),
    "setup.categories": ("付箋の分類", "Note categories"),
    "setup.category_name": ("分類名", "Category"),
    "setup.category_color": ("色（#RRGGBB）", "Colour (#RRGGBB)"),
    "setup.groups": ("テーブル", "Tables"),
    "setup.group_name": ("テーブル名", "Table"),
    "setup.leader_name": ("まとめ役", "Group leader"),
    "setup.join_code": ("参加コード", "Join code"),
    "setup.save": ("保存する", "Save"),
    "setup.saved": ("保存しました。", "Saved."),
    "setup.created": ("懇談会を作成しました。", "The workshop was created."),
    "setup.join_sheet": ("参加コード票", "Join sheet"),
    "setup.join_sheet_help": (
        "各テーブルに置く、QRコード付きの参加コード票です。",
        "Put one join code with its QR code on each table.",
    ),
    "setup.download_pdf": ("参加コード票（PDF）", "Join sheet (PDF)"),
    "setup.download_png": ("参加コード票（PNG）", "Join sheet (PNG)"),
    "setup.codes": ("参加コードの管理", "Join codes"),
    "setup.renew_code": ("コードを再発行", "Renew code"),
    "setup.close_code": ("コードを停止", "Close code"),
    "setup.open_code": ("コードを再開", "Reopen code"),
    "setup.code_closed": ("停止中", "closed"),
    "setup.status": ("受付状態", "Status"),
    "setup.close_workshop": (
        "懇談会を終了する（書き込み停止）",
        "Close the workshop (no more writes)",
    ),
    "setup.reopen_workshop": ("懇談会を再開する", "Reopen the workshop"),
    "setup.pick": ("編集する懇談会", "Workshop to edit"),
    "setup.new_option": ("（新規作成）", "(new workshop)"),
    # --- participant roles
    "role.resident": ("住民", "Residents"),
    "role.welfare_commissioner": ("民生委員・児童委員", "Welfare commissioners"),
    "role.community_activist": ("地域活動者", "Community volunteers"),
    "role.welfare_professional": ("福祉専門職", "Welfare professionals"),
    "role.ward_office": ("区役所", "Ward office"),
    "role.council": ("区社協", "Social welfare council"),
    "role.other": ("その他", "Other"),
    # --- group leader's page
    "group.enter_code": ("参加コードを入力してください", "Enter your join code"),
    "group.code_placeholder": ("例：ABCD-EFGH", "e.g. ABCD-EFGH"),
    "group.open": ("開く", "Open"),
    "group.heading": ("{table}（{workshop}）", "{table} ({workshop})"),
    "group.locked": (
        "ファシリテーターがこのボードを締め切りました。閲覧のみできます。",
        "The facilitator has locked this board. You can still read it.",
    ),
    "group.add_heading": ("付箋を書く", "Write a note"),
    "group.note_text": ("付箋の内容", "Note"),
    "group.note_placeholder": ("入力して Enter で追加", "Type and press Enter to add"),
    "group.category": ("分類", "Category"),
    "group.add": ("追加", "Add"),
    "group.added": ("付箋を追加しました。", "Note added."),
    "group.paste_heading": ("紙の付箋をまとめて入力", "Paste many notes"),
    "group.paste_help": (
        "1行に1枚。空行は無視します。",
        "One note a line; blank lines are skipped.",
    ),
    "group.paste_add": ("まとめて追加", "Add all"),
    "group.pasted": ("{count}枚の付箋を追加しました。", "{count} notes added."),
    "group.board_heading": ("島づくり（KJ法）", "Islands (KJ method)"),
    "group.unsorted": ("未分類の付箋", "Unsorted notes"),
    "group.drag_help": (
        "付箋をドラッグして島に移動できます。下の「移動先」からも移動できます。",
        "Drag notes between islands, or use “Move to” below.",
    ),
    "group.new_cluster": ("新しい島の名前（表札）", "New island label"),
    "group.create_cluster": ("島をつくる", "Create island"),
    "group.cluster_created": ("島をつくりました。", "Island created."),
    "group.rename": ("表札を変更", "Rename"),
    "group.delete_cluster": ("島を解除", "Dissolve island"),
    "group.move_to": ("移動先", "Move to"),
    "group.edit": ("編集", "Edit"),
    "group.save": ("保存", "Save"),
    "group.delete": ("削除", "Delete"),
    "group.deleted": ("付箋を削除しました。", "Note deleted."),
    "group.saved": ("保存しました。", "Saved."),
    "group.votes": ("投票", "Votes"),
    "group.vote_add": ("＋1票", "+1 vote"),
    "group.vote_remove": ("－1票", "−1 vote"),
    "group.summary_heading": ("グループまとめ（主な意見・提案）", "Group summary"),
    "group.summary_save": ("まとめを保存", "Save summary"),
    "group.no_notes": ("まだ付箋がありません。", "No notes yet."),
    "group.notes_heading": ("付箋の一覧", "Notes"),
    "group.no_category": ("分類なし", "No category"),
    # --- facilitator's board
    "board.pick": ("懇談会を選んでください", "Choose a workshop"),
    "board.timer": ("進行タイマー", "Agenda timer"),
    "board.now": ("現在", "Now"),
    "board.next": ("次", "Next"),
    "board.left": ("残り", "Left"),
    "board.over": ("超過", "Over"),
    "board.start": ("開始", "Start"),
    "board.pause": ("一時停止", "Pause"),
    "board.next_phase": ("次の項目へ", "Next phase"),
    "board.prev_phase": ("前の項目へ", "Previous phase"),
    "board.no_phases": ("次第が設定されていません。", "No agenda set."),
    "board.finished": ("最後の項目です", "Last phase"),
    "board.lock_all": ("全テーブルを締め切る", "Lock every board"),
    "board.unlock_all": ("全テーブルの締め切りを解除", "Unlock every board"),
    "board.lock": ("締め切る", "Lock"),
    "board.unlock": ("解除", "Unlock"),
    "board.locked": ("締切中", "Locked"),
    "board.plenary": ("全体共有モード", "Plenary mode"),
    "board.plenary_table": ("表示するテーブル", "Table on screen"),
    "board.plenary_off": ("全体共有を終える", "End plenary"),
    "board.counts": ("テーブル別・分類別の付箋数", "Notes per table and category"),
    "board.total": ("合計", "Total"),
    "board.summary": ("グループまとめ", "Group summary"),
    "board.no_summary": ("（まとめ未入力）", "(no summary yet)"),
    "board.unsorted": ("未分類", "Unsorted"),
    "board.votes": ("{count}票", "{count} votes"),
    "board.edit_setup": ("準備画面で編集", "Edit in setup"),
    "board.closed": ("この懇談会は終了しています。", "This workshop is closed."),
    # --- errors a user can cause
    "error.empty": ("{field}が空です。", "{field} is empty."),
    "error.too_long": (
        "{field}が長すぎます（{length}文字、上限{limit}文字）。",
        "{field} is too long ({length} characters; the limit is {limit}).",
    ),
    "error.too_many_lines": (
        "一度に追加できるのは{limit}枚までです（{count}行あります）。",
        "At most {limit} notes at once ({count} lines given).",
    ),
    "error.line_too_long": (
        "{line}行目が長すぎます（上限{limit}文字）。何も追加していません。",
        "Line {line} is too long (limit {limit} characters). Nothing was added.",
    ),
    "error.stale_edit": (
        "ほかの人が先に変更しました。最新の内容を表示したので、もう一度操作してください。",
        "Someone else changed this first. The latest version is shown; please try again.",
    ),
    "error.board_locked": (
        "このボードは締め切られているため書き込めません。",
        "This board is locked; it cannot be changed.",
    ),
    "error.workshop_closed": (
        "この懇談会は終了しているため書き込めません。",
        "This workshop is closed; it cannot be changed.",
    ),
    "error.code_unknown": (
        "参加コードが見つかりません。入力をお確かめください（例：ABCD-EFGH）。",
        "That join code was not found. Please check it (e.g. ABCD-EFGH).",
    ),
    "error.code_closed": (
        "この参加コードは現在使えません。ファシリテーターにお尋ねください。",
        "This join code is closed. Please ask the facilitator.",
    ),
    "error.workshop_not_found": ("懇談会が見つかりません。", "Workshop not found."),
    "error.group_not_found": ("テーブルが見つかりません。", "Table not found."),
    "error.note_not_found": (
        "付箋が見つかりません（削除された可能性があります）。",
        "Note not found (it may have been deleted).",
    ),
    "error.cluster_not_found": (
        "島が見つかりません（解除された可能性があります）。",
        "Island not found (it may have been dissolved).",
    ),
    "error.category_unknown": ("分類が正しくありません。", "Unknown category."),
    "error.vote_delta": ("投票数が正しくありません。", "Invalid vote change."),
    "error.end_before_start": (
        "終了時刻は開始時刻より後にしてください。",
        "The end time must be after the start time.",
    ),
    "error.phase_minutes": (
        "次第の時間は1〜{limit}分で入力してください。",
        "Each phase takes 1 to {limit} minutes.",
    ),
    "error.participant_count": (
        "参加者数は0〜{limit}で入力してください。",
        "Participant counts are 0 to {limit}.",
    ),
    "error.role_unknown": ("参加者の区分が正しくありません。", "Unknown participant role."),
    "error.no_categories": ("付箋の分類を1つ以上入れてください。", "Add at least one category."),
    "error.color": (
        "色は #RRGGBB の形で入力してください（{color}）。",
        "Colours are written #RRGGBB ({color}).",
    ),
    "error.group_count": (
        "テーブルは1〜{limit}個にしてください。",
        "A workshop has 1 to {limit} tables.",
    ),
    "error.group_has_notes": (
        "「{name}」には付箋があるため削除できません。",
        "“{name}” has notes, so it cannot be removed.",
    ),
    "error.status_unknown": ("状態が正しくありません。", "Unknown status."),
    "error.database": (
        "データベースに接続できません。しばらくしてからもう一度お試しください。",
        "The database cannot be reached. Please try again shortly.",
    ),
    # --- field names used in errors
    "field.note": ("付箋", "The note"),
    "field.cluster_label": ("島の名前", "The island label"),
    "field.summary": ("グループまとめ", "The summary"),
    "field.title": ("名称", "The title"),
    "field.theme": ("テーマ", "The theme"),
    "field.purpose": ("目的", "The purpose"),
    "field.district": ("地域", "The district"),
    "field.venue": ("会場", "The venue"),
    "field.facilitator": ("進行", "The facilitator"),
    "field.recorder": ("記録", "The recorder"),
    "field.phase": ("次第の項目", "A phase title"),
    "field.category": ("分類名", "A category name"),
    "field.group": ("テーブル名", "A table name"),
    "field.leader": ("まとめ役の名前", "A leader's name"),
}


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The catalogue text for ``key`` in ``language``, with ``{params}`` filled in.
    A ``field`` parameter is itself translated (``field.<name>``)."""
    index = 1 if language == "en" else 0
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    if "field" in params:
        field_entry = CATALOGUE.get(f"field.{params['field']}")
        if field_entry is not None:
            params = {**params, "field": field_entry[index]}
    return entry[index].format(**params)
