"""Who said what: quote spans, cues, speakers; cross-outlet matching."""
