"""Session-state keys, in one place. Values stored are ids and strings, never ORM objects."""

LANGUAGE = "language"
FLASH = "flash"  # (kind, message) shown once at the top of the next run
NOTE_FORM_TOKEN = "note_form_token"
PASTE_FORM_TOKEN = "paste_form_token"
