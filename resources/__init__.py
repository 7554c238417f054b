"""Curator's data files (schema, organism list, icons, desktop entry), read via curator.core.resources."""
