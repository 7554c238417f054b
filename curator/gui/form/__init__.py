"""The record form and its field editors."""
