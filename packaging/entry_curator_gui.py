"""The bundle's `curator-gui` executable (windowed, no console on Windows and macOS): always
the window, optionally on the folder given."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes (forkserver/spawn) re-enter here
    from curator.gui.app import run
    sys.exit(run(sys.argv[1:]))
