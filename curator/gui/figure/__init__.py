"""The figure pane: fetching, previewing and viewing a record's figure."""
