"""The curation workflow: title helpers and curation decisions."""
