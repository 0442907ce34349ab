"""Time expressions normalised against the article's date; dated events."""
