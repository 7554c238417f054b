"""Edits as data: one field's change set, bulk plans and writes, operations, recipes, merges, find/replace, curation decisions."""
