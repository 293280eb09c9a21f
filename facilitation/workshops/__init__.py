"""The live workshop: setup and join codes, boards (notes, clusters,
votes, summaries) and the phase timer."""
