"""Damaged-text repair before analysis (owned by the extract-input branch; a pass-through until it lands)."""


def normalise(text: str) -> str:
    """The text with damage repaired; this placeholder returns it unchanged."""
    return text
