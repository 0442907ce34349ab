"""Entities: mentions and roles per article; cross-document alias resolution."""
