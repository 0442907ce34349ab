"""Stories: near-duplicates, story clustering and topics (corpus stages)."""
