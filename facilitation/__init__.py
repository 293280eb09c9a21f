"""Kondan's domain: workshops, boards, votes, summaries and their storage.

Nothing here imports Streamlit; pages call these functions with a database
session and get plain ``*Read`` values back.
"""
