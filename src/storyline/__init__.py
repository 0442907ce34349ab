"""storyline: turn a pile of scraped news pages into a cross-source dossier."""

__version__ = "0.1.0"
