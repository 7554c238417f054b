"""Development tools run from the repository root (not shipped): import-linter contract types."""
