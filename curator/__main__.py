"""``curator``: with no subcommand the window, with ``validate`` or ``fix`` the CLI."""

from __future__ import annotations

import faulthandler
import sys

from .cli.main import COMMANDS

EXIT_DEADLINE_S = 15.0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        from .cli.main import main as cli_main
        return cli_main(argv)
    from .gui.app import run
    status = run(argv)
    # The window's loop is over; what is left is the interpreter's teardown, which joins
    # every thread still running. It must not outlive the window: after EXIT_DEADLINE_S
    # the threads' stacks go to stderr and the process ends (status 1).
    faulthandler.dump_traceback_later(EXIT_DEADLINE_S, exit=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
