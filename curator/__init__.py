"""Curator: edit collections of Markdown records with YAML front matter."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("curator")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
