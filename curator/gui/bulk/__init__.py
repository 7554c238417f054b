"""Bulk Edit: the dialog, its preview, its undo step, the operation history."""
