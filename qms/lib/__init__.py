"""Plumbing shared by every app; these modules know no feature app."""
