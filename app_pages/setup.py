"""Workshop setup (/setup, /setup?workshop=ID): details, agenda, participants,
note categories and tables; join codes and the printable join sheet."""

import datetime as dt
import math
from functools import partial
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from sqlmodel import Session

from facilitation.accounts import users_by_role
from facilitation.core.errors import UserError
from facilitation.core.settings import get_settings
from facilitation.documents.joinsheet import join_sheet_pdf, join_sheet_png
from facilitation.models import PARTICIPANT_ROLES, WORKSHOP_CLOSED, WORKSHOP_OPEN, WorkshopRead
from facilitation.policy.access import FACILITATOR, allowed
from facilitation.workshops.codes import format_join_code
from facilitation.workshops.colors import PALETTE, near_identical
from facilitation.workshops.setup import (
    CategoryInput,
    GroupInput,
    PhaseInput,
    WorkshopCreate,
    assign_facilitator,
    create_workshop,
    default_categories,
    default_phases,
    delete_workshop,
    list_workshops,
    load_setup,
    renew_join_code,
    set_code_active,
    set_workshop_status,
    update_workshop,
)
from transcripts.store import list_recordings
from ui.auth import staff_actor
from ui.db import database
from ui.i18n import aside, t
from ui.network import LOCAL_HOSTS, lan_addresses
from ui.widgets import (
    REFUSED,
    apply,
    audit_export,
    flash,
    md_escape,
    query_int,
    show_flash,
    user_error_text,
    workshop_labels,
    write,
)

db = database()
workshop_id = query_int("workshop")
with db.read() as session:
    workshops = list_workshops(session=session)
    setup = None
    if workshop_id is not None:
        try:
            setup = load_setup(session=session, workshop_id=workshop_id)
        except UserError as error:
            st.error(user_error_text(error))

st.title(t("setup.edit_heading") if setup else t("setup.heading"), anchor=False)
show_flash()

options = [None] + [w.id for w in workshops]
names = workshop_labels(workshops)
picked = st.selectbox(
    t("setup.pick"),
    options=options,
    index=options.index(setup.workshop.id) if setup else 0,
    format_func=lambda wid: t("setup.new_option") if wid is None else names[wid],
)
if picked != (setup.workshop.id if setup else None):
    if picked is None:
        st.query_params.clear()
    else:
        st.query_params["workshop"] = str(picked)
    st.rerun()


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _int(value: object) -> int | None:
    text = _text(value)
    return int(float(text)) if text else None


details = setup.workshop if setup else None
phases_df = pd.DataFrame(
    [{"order": i + 1, "title": p.title, "minutes": p.minutes} for i, p in enumerate(setup.phases)]
    if setup
    else [
        {"order": i + 1, "title": p.title, "minutes": p.minutes}
        for i, p in enumerate(default_phases())
    ],
    columns=["order", "title", "minutes"],
)
categories_df = pd.DataFrame(
    [{"id": c.id, "name": c.name, "color": c.color} for c in setup.categories]
    if setup
    else [{"id": None, "name": c.name, "color": c.color} for c in default_categories()],
    columns=["id", "name", "color"],
)
groups_df = pd.DataFrame(
    [
        {
            "id": g.id,
            "name": g.name,
            "leader_name": g.leader_name,
            "code": format_join_code(g.join_code),
        }
        for g in setup.groups
    ]
    if setup
    else [
        {"id": None, "name": f"{chr(ord('A') + i)}テーブル", "leader_name": "", "code": ""}
        for i in range(4)
    ],
    columns=["id", "name", "leader_name", "code"],
)


def color_name(color: str | int | float | bool) -> str:
    name = next((name for name, value in PALETTE.items() if value == color), None)
    return t(f"color.{name}") if name else str(color)


color_options = list(PALETTE.values()) + sorted(
    {str(c) for c in categories_df["color"] if c and str(c).upper() not in PALETTE.values()}
)

with st.form("setup"):
    st.subheader(t("setup.details"), anchor=False)
    title = st.text_input(t("setup.title"), value=details.title if details else "")
    theme = st.text_input(t("setup.theme"), value=details.theme if details else "")
    purpose = st.text_area(t("setup.purpose"), value=details.purpose if details else "", height=80)
    c1, c2, c3, c4 = st.columns(4)
    district = c1.text_input(t("setup.district"), value=details.district if details else "")
    date = c2.date_input(t("setup.date"), value=details.date if details else dt.date.today())
    start_time = c3.time_input(
        t("setup.start_time"), value=details.start_time if details else dt.time(14, 0)
    )
    end_time = c4.time_input(
        t("setup.end_time"), value=details.end_time if details else dt.time(16, 0)
    )
    c5, c6, c7 = st.columns(3)
    venue = c5.text_input(t("setup.venue"), value=details.venue if details else "")
    facilitator = c6.text_input(
        t("setup.facilitator"), value=details.facilitator if details else ""
    )
    recorder = c7.text_input(t("setup.recorder"), value=details.recorder if details else "")

    st.subheader(t("setup.agenda"), anchor=False)
    phases_out = st.data_editor(
        phases_df,
        num_rows="dynamic",
        hide_index=True,
        column_order=["order", "title", "minutes"],
        column_config={
            "order": st.column_config.NumberColumn(
                t("setup.phase_order"),
                help=t("setup.phase_order_help"),
                min_value=1,
                max_value=99,
                step=1,
                width="small",
            ),
            "title": st.column_config.TextColumn(t("setup.phase_title"), required=True),
            "minutes": st.column_config.NumberColumn(
                t("setup.phase_minutes"), min_value=1, max_value=600, step=1, required=True
            ),
        },
        key="phases",
    )

    st.subheader(t("setup.participants"), anchor=False)
    participant_cols = st.columns(len(PARTICIPANT_ROLES))
    participants = {
        role: int(
            column.number_input(
                t(f"role.{role}"),
                min_value=0,
                max_value=9999,
                value=setup.participants.get(role, 0) if setup else 0,
                step=1,
            )
        )
        for role, column in zip(PARTICIPANT_ROLES, participant_cols, strict=True)
    }

    st.subheader(t("setup.categories"), anchor=False)
    categories_out = st.data_editor(
        categories_df,
        num_rows="dynamic",
        hide_index=True,
        column_order=["name", "color"],
        column_config={
            "name": st.column_config.TextColumn(t("setup.category_name"), required=True),
            "color": st.column_config.SelectboxColumn(
                t("setup.category_color"),
                help=t("setup.category_color_help"),
                options=color_options,
                format_func=color_name,
                default=PALETTE["pink"],
                required=True,
            ),
        },
        key="categories",
    )

    st.subheader(t("setup.groups"), anchor=False)
    groups_out = st.data_editor(
        groups_df,
        num_rows="dynamic",
        hide_index=True,
        column_order=["name", "leader_name", "code"],
        disabled=["code"],
        column_config={
            "name": st.column_config.TextColumn(t("setup.group_name"), required=True),
            "leader_name": st.column_config.TextColumn(t("setup.leader_name")),
            "code": st.column_config.TextColumn(t("setup.join_code")),
        },
        key="groups",
    )
    submitted = st.form_submit_button(t("setup.save"), type="primary")

if submitted:
    details_in = WorkshopCreate(
        title=title,
        theme=theme,
        purpose=purpose,
        district=district,
        date=date if isinstance(date, dt.date) else None,
        start_time=start_time,
        end_time=end_time,
        venue=venue,
        facilitator=facilitator,
        recorder=recorder,
    )
    phases_in = [
        PhaseInput(
            title=_text(row["title"]),
            minutes=_int(row["minutes"]) or 0,
            order=_int(row.get("order")),
        )
        for row in phases_out.to_dict("records")
        if _text(row["title"])
    ]
    categories_in = [
        CategoryInput(id=_int(row["id"]), name=_text(row["name"]), color=_text(row["color"]))
        for row in categories_out.to_dict("records")
        if _text(row["name"])
    ]
    groups_in = [
        GroupInput(
            id=_int(row["id"]), name=_text(row["name"]), leader_name=_text(row["leader_name"])
        )
        for row in groups_out.to_dict("records")
        if _text(row["name"])
    ]

    def save(session: Session) -> WorkshopRead:
        if setup is None:
            return create_workshop(
                session=session,
                details=details_in,
                phases=phases_in,
                participants=participants,
                categories=categories_in,
                groups=groups_in,
            )
        return update_workshop(
            session=session,
            workshop_id=setup.workshop.id,
            expected_version=setup.workshop.version,
            details=details_in,
            phases=phases_in,
            participants=participants,
            categories=categories_in,
            groups=groups_in,
        )

    saved = write(save, success=t("setup.saved") if setup else t("setup.created"))
    if saved is not REFUSED:
        alike = near_identical([(c.name, c.color) for c in categories_in])
        if alike:
            flash(
                "warning",
                t("setup.colors_alike", pairs="、".join(f"「{a}」と「{b}」" for a, b in alike)),
            )
        st.query_params["workshop"] = str(saved.id)
        st.rerun()
    show_flash()

if setup is None:
    st.stop()

# --- join codes and the join sheet ------------------------------------------------------

st.page_link(
    "app_pages/board.py",
    label=t("setup.open_board"),
    icon=":material/dashboard:",
    query_params={"workshop": str(setup.workshop.id)},
)
# The workshop's recordings, each opening its transcript (staff only: a
# facilitator account has no access to recordings).
with db.read() as session:
    recorded = (
        [r for r, _job in list_recordings(session=session) if r.workshop_id == setup.workshop.id]
        if allowed(session, "recording.read")
        else []
    )
if recorded:
    st.subheader(t("setup.recordings"), anchor=False)
    for recording in reversed(recorded):  # oldest first, as they were made
        st.page_link(
            "app_pages/transcript.py",
            label=recording.title,
            icon=":material/subtitles:",
            query_params={"recording": str(recording.id)},
        )
st.subheader(t("setup.join_sheet"), anchor=False)
st.caption(t("setup.join_sheet_help"))
settings = get_settings()
if settings.public_url:
    base_url = settings.public_url
else:
    parts = urlsplit(st.context.url or "http://localhost:8501")
    base_url = f"{parts.scheme}://{parts.netloc}"
    if (parts.hostname or "") in LOCAL_HOSTS:
        # A QR code for localhost opens the phone's own browser on itself.
        # Addresses as code: Streamlit's markdown would make them links.
        st.warning(t("setup.local_address", url=f"`{base_url}`"))
        port = f":{parts.port}" if parts.port else ""
        choices = [f"{parts.scheme}://{address}{port}" for address in lan_addresses()]
        if choices:
            base_url = st.radio(
                t("setup.lan_choice"),
                options=[*choices, base_url],
                format_func=lambda url: f"`{url}`",
            )
open_groups = [g for g in setup.groups if g.code_active]
pdf_col, png_col = st.columns(2)
pdf_col.download_button(
    t("setup.download_pdf"),
    data=partial(
        join_sheet_pdf, workshop_title=setup.workshop.title, groups=open_groups, base_url=base_url
    ),
    file_name=f"join-sheet-{setup.workshop.id}.pdf",
    on_click=audit_export,  # the sheet carries every table's join code
    args=(f"workshop:{setup.workshop.id}", "join-sheet.pdf"),
    mime="application/pdf",
    disabled=not open_groups,
)
png_col.download_button(
    t("setup.download_png"),
    data=partial(
        join_sheet_png, workshop_title=setup.workshop.title, groups=open_groups, base_url=base_url
    ),
    file_name=f"join-sheet-{setup.workshop.id}.png",
    on_click=audit_export,  # the sheet carries every table's join code
    args=(f"workshop:{setup.workshop.id}", "join-sheet.png"),
    mime="image/png",
    disabled=not open_groups,
)

st.subheader(t("setup.codes"), anchor=False)
for group in setup.groups:
    name_col, code_col, renew_col, toggle_col = st.columns(
        [3, 3, 2, 2], vertical_alignment="center"
    )
    name_col.page_link(
        "app_pages/group.py",
        label=f"**{md_escape(group.name)}**",
        query_params={"code": group.join_code},
        disabled=not group.code_active,
    )
    status = "" if group.code_active else aside(t("setup.code_closed"))
    code_col.markdown(f"`{format_join_code(group.join_code)}` {status}")
    # Renewing ends the old code at once: the leader who holds it is cut off.
    renew = renew_col.popover(t("setup.renew_code"), key=f"renew-{group.id}")
    renew.caption(t("setup.renew_confirm", name=md_escape(group.name)))
    renew.button(
        t("setup.renew_code_confirm"),
        key=f"renew-confirm-{group.id}",
        type="primary",
        on_click=apply,
        args=(partial(renew_join_code, group_id=group.id),),
    )
    toggle_col.button(
        t("setup.open_code") if not group.code_active else t("setup.close_code"),
        key=f"code-{group.id}",
        on_click=apply,
        args=(partial(set_code_active, group_id=group.id, active=not group.code_active),),
    )

st.subheader(t("setup.status"), anchor=False)
closed = setup.workshop.status == WORKSHOP_CLOSED
st.button(
    t("setup.reopen_workshop") if closed else t("setup.close_workshop"),
    on_click=apply,
    args=(
        partial(
            set_workshop_status,
            workshop_id=setup.workshop.id,
            status=WORKSHOP_OPEN if closed else WORKSHOP_CLOSED,
        ),
    ),
)

# --- who runs it, and deleting it ---------------------------------------------------------

signed_in = staff_actor()
facilitators = []
if signed_in is not None and signed_in.role != FACILITATOR:
    with db.read() as session:
        facilitators = users_by_role(session=session, role=FACILITATOR)
if facilitators:
    st.subheader(t("setup.facilitator_account"), anchor=False)
    options = [None] + [f.id for f in facilitators]
    chosen = st.selectbox(
        t("setup.facilitator_account"),
        options=options,
        index=options.index(setup.workshop.facilitator_user_id)
        if setup.workshop.facilitator_user_id in options
        else 0,
        format_func=lambda uid: (
            t("setup.no_facilitator")
            if uid is None
            else next(f.display_name or f.username for f in facilitators if f.id == uid)
        ),
        label_visibility="collapsed",
    )
    if chosen != setup.workshop.facilitator_user_id:
        write(
            partial(assign_facilitator, workshop_id=setup.workshop.id, user_id=chosen),
            success=t("setup.saved"),
        )
        st.rerun()

with st.expander(t("setup.delete")):
    st.warning(t("setup.delete_warning"))
    confirm = st.text_input(t("setup.delete_confirm", title=md_escape(setup.workshop.title)))
    if st.button(
        t("setup.delete_button"), type="primary", disabled=confirm != setup.workshop.title
    ) and (
        write(
            partial(
                delete_workshop,
                workshop_id=setup.workshop.id,
                recordings_dir=get_settings().recordings_dir,
            ),
            success=t("setup.deleted"),
        )
        is not REFUSED
    ):
        st.query_params.clear()
        st.switch_page("app_pages/home.py")
