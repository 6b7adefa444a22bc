"""The one long-lived worker thread that owns all torch work."""
