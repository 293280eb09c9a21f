"""Kondan's domain, in layers (lowest first): ``core`` (database, settings,
errors, text, clock, limits, versioned writes, text catalogues), ``models``
(every table), ``policy`` (access, audit), the domains ``workshops``,
``accounts`` and ``actions``, then ``documents`` and ``ops``, with ``cli`` and
``migrations`` on top. ``lint-imports`` checks that imports only go down.

Nothing here imports Streamlit; pages call these functions with a database
session and get plain ``*Read`` values back.
"""
