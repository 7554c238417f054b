"""Facets, Cluster and Edit, rare values and the field summary of a selection."""
