"""Writes of the documents app; see signing.py and releases.py."""
