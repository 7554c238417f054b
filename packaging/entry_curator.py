"""The bundle's `curator` executable (console): no arguments opens the window, a subcommand
runs the CLI -- the same dispatch as `python -m curator` and the pip-installed command."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes (forkserver/spawn) re-enter here
    from curator.__main__ import main
    sys.exit(main())
