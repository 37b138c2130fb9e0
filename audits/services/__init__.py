"""Writes and state transitions of the audits app; views, tasks and commands call these."""
