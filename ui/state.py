"""Session-state keys, in one place. Values stored are ids and strings, never ORM objects."""

LANGUAGE = "language"
FLASH = "flash"  # (kind, message, kept text, shown until) at the top of the page
PASTE_FORM_TOKEN = "paste_form_token"
PASTE_TEXT = "paste_text"
PASTE_CATEGORY = "paste_category"
USER_ID = "user_id"
USER_EPOCH = "user_epoch"
SIGNED_OUT = "signed_out"
COOKIE_TOKEN = "cookie_token"  # the sign-in token this browser keeps as a cookie
