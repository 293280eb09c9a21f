"""The minutes page with AppTest."""

from __future__ import annotations

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
