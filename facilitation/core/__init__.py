"""The kernel every other layer imports: database, migrations runner,
settings, errors, text rules, clock, limits, versioned writes, the text catalogue."""
