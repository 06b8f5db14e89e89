"""Build the demo newsroom in this folder: the same as ``newsgen build``."""

import sys

from newsgen.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]])
