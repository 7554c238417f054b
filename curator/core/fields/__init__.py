"""What a record holds: the collection's profile and schema, field types, field paths and values, derived fields."""
