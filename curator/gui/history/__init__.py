"""Git in the window: file states, a record's history, Review Changes."""
