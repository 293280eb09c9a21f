"""The charts' specs (Vega-Lite): lifecycle order, the user's words, level
labels, whole counts; one month of satisfaction still draws a point."""

from __future__ import annotations

from collections import Counter

from facilitation.actions import ActionStats
from ui.action_charts import satisfaction_chart, stage_chart

STATS = ActionStats(
    by_stage_and_district=Counter(
        {("ended", "さくら地区"): 1, ("proposed", "さくら地区"): 2, ("active", ""): 1}
    ),
    reviews_per_month=Counter({"2026-07": 1}),
    satisfaction_by_month={"2026-07": 4.0},
)


def test_stages_in_lifecycle_order_with_japanese_labels() -> None:
    spec = stage_chart(STATS).to_dict()
    x = spec["encoding"]["x"]
    assert x["field"] == "段階" and x["axis"]["labelAngle"] == 0
    assert x["sort"][:4] == ["検討中", "立上げ準備", "実施中", "ふりかえり"]
    assert [t["field"] for t in spec["encoding"]["tooltip"]] == ["段階", "地域", "件数"]
    assert spec["encoding"]["y"]["axis"]["format"] == "d"


def test_a_single_month_of_satisfaction_draws_a_point() -> None:
    spec = satisfaction_chart(STATS).to_dict()
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]
    assert spec["encoding"]["y"]["scale"]["domain"] == [1, 5]
