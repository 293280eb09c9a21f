"""Taking in an upload: checks before anything is written, our own file name,
the glossary of its workshop and district, nothing kept when recording fails."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from facilitation.core.db import Database
from facilitation.policy.access import Forbidden, TableCode
from tests.factories import make_workshop
from tests.transcripts.audio_files import FIXTURES
from transcripts.audio import AudioError, AudioLimits
from transcripts.store import get_recording
from transcripts.uploads import accept_upload
from transcripts.vocabulary import replace_terms


def test_upload_is_stored_under_our_name_with_its_glossary(
    database: Database, tmp_path: Path
) -> None:
    made = make_workshop(database)
    with database.write() as session:
        replace_terms(
            session=session, scope="workshop", scope_key=str(made.workshop.id), raw="さくら川"
        )
        job = accept_upload(
            session=session,
            recordings_dir=tmp_path / "recordings",
            data=(FIXTURES / "s01.flac").read_bytes(),
            name="../../会議 録音.FLAC",
            workshop_id=made.workshop.id,
            district="さくら地区",
            consent=True,
        )
        recording = get_recording(session=session, recording_id=job.recording_id)
    stored = tmp_path / "recordings" / recording.stored_name
    assert stored.suffix == ".flac" and "会議" not in stored.name
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert recording.title == "../../会議 録音.FLAC" and recording.consent
    assert job.status == "queued" and job.hotwords is not None
    assert job.hotwords.startswith("さくら川 民生委員")
    with database.write() as session:
        plain = accept_upload(
            session=session,
            recordings_dir=tmp_path / "recordings",
            data=(FIXTURES / "s01.flac").read_bytes(),
            name="memo.exe",
            use_glossary=False,
        )
        odd = get_recording(session=session, recording_id=plain.recording_id)
    assert plain.hotwords is None and odd.stored_name.endswith(".bin")


@pytest.mark.parametrize(
    ("data", "limits", "key"),
    [
        (b"", None, "error.audio_empty"),
        (b"x" * 2048, AudioLimits(max_bytes=1024), "error.audio_too_large"),
        # A text file named .wav is refused at once (issue 13, item 5), not
        # after a wait in the queue.
        ("議事メモ：来週までに会場を予約する。\n".encode() * 50, None, "error.audio_undecodable"),
    ],
)
def test_refused_uploads_write_nothing(
    database: Database, tmp_path: Path, data: bytes, limits: AudioLimits | None, key: str
) -> None:
    with pytest.raises(AudioError) as caught, database.write() as session:
        accept_upload(
            session=session,
            recordings_dir=tmp_path / "recordings",
            data=data,
            name="a.wav",
            limits=limits,
        )
    assert caught.value.key == key
    folder = tmp_path / "recordings"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_refused_actor_leaves_no_file(database: Database, tmp_path: Path) -> None:
    made = make_workshop(database)
    code = TableCode(group_id=made.groups[0].id, workshop_id=made.workshop.id)
    with pytest.raises(Forbidden), database.write(actor=code) as session:
        accept_upload(
            session=session,
            recordings_dir=tmp_path / "recordings",
            data=(FIXTURES / "s01.flac").read_bytes(),
            name="a.flac",
        )
    assert list((tmp_path / "recordings").iterdir()) == []
