"""Who may do what (``access``) and what was done (``audit``)."""
