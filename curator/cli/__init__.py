"""The command line (``curator validate``, ``curator fix``): argparse over the core."""
