"""Lotsa: case management and follow-up for municipal labour-market support."""

__version__ = "0.1.0"
