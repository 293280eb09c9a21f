"""The action items' charts: stages in lifecycle order, labels and tooltips in
the user's language, axis labels level, whole-number counts, and a
satisfaction line that shows even a single month (issue 15, item 4)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from facilitation.actions import ActionStats
from facilitation.models import STAGES
from ui.i18n import t


def stage_chart(stats: ActionStats) -> alt.Chart:
    stage, district, count = t("act.col_stage"), t("act.col_district"), t("act.col_count")
    frame = pd.DataFrame(
        [
            {stage: t(f"stage.{s}"), district: d or t("act.no_district"), count: n}
            for (s, d), n in stats.by_stage_and_district.items()
        ]
    )
    return (
        alt.Chart(frame)
        .mark_bar(width=alt.RelativeBandSize(0.5))
        .encode(
            x=alt.X(
                f"{stage}:N", sort=[t(f"stage.{s}") for s in STAGES], axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y(f"sum({count}):Q", title=count, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(f"{district}:N", title=district),
            tooltip=[stage, district, count],
        )
    )


def reviews_chart(stats: ActionStats) -> alt.Chart:
    month, count = t("act.col_month"), t("act.col_reviews")
    frame = pd.DataFrame([{month: m, count: n} for m, n in sorted(stats.reviews_per_month.items())])
    return (
        alt.Chart(frame)
        .mark_bar(width=alt.RelativeBandSize(0.5))
        .encode(
            x=alt.X(f"{month}:O", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{count}:Q", axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=[month, count],
        )
    )


def satisfaction_chart(stats: ActionStats) -> alt.Chart:
    month, mean = t("act.col_month"), t("act.col_satisfaction")
    frame = pd.DataFrame([{month: m, mean: v} for m, v in stats.satisfaction_by_month.items()])
    # Points as well as the line: one month alone is a point, not an empty chart.
    return (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=80))
        .encode(
            x=alt.X(f"{month}:O", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{mean}:Q", scale=alt.Scale(domain=[1, 5])),
            tooltip=[month, mean],
        )
    )


def charts(stats: ActionStats) -> None:
    if stats.by_stage_and_district:
        st.subheader(t("act.chart_stage"), anchor=False)
        st.altair_chart(stage_chart(stats), use_container_width=True)
    if stats.reviews_per_month:
        st.subheader(t("act.chart_reviews"), anchor=False)
        st.altair_chart(reviews_chart(stats), use_container_width=True)
    if stats.satisfaction_by_month:
        st.subheader(t("act.chart_satisfaction"), anchor=False)
        st.altair_chart(satisfaction_chart(stats), use_container_width=True)
