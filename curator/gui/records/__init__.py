"""The record list (model, filter, columns), the records open for editing, the record header and problems panel, the undo commands."""
