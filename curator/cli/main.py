"""Argument parsing and dispatch for ``curator validate``, ``fix``, ``facets`` and
``cluster``."""

from __future__ import annotations

import argparse
import sys

from curator import __version__
from curator.cli import cluster, facets, fix, review, validate

COMMANDS = {"validate": validate, "fix": fix, "review": review, "facets": facets,
            "cluster": cluster}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Edit and check collections of Markdown records with YAML front matter. "
                    "Without a command, the window opens (optionally on a folder).")
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version exit 0
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command].run(args)
    except BrokenPipeError:  # output piped into `head`
        return 0
