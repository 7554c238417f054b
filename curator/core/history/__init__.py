"""Git: the collection's state against HEAD, and the field-level review of changes."""
