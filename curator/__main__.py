"""``curator``: with no subcommand the window, with ``validate`` or ``fix`` the CLI."""

from __future__ import annotations

import sys

from curator.cli.main import COMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        from curator.cli.main import main as cli_main
        return cli_main(argv)
    from curator.gui.app import run_and_exit
    run_and_exit(argv)
    return 0           # not reached: the process ends there


if __name__ == "__main__":
    sys.exit(main())
