"""Audio decoding, transcription engines and the job worker (see DESIGN.md, Speech)."""
