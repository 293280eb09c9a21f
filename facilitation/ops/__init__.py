"""Operations: backup and restore, the demo workshop."""
