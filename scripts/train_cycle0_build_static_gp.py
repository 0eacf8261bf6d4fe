#!/usr/bin/env python
"The seed's entry point for Cycle 0 (Algorithm 1): a thin wrapper of `fastcharge cycle0` with the same flags."
import sys
from fastcharge_nb.cli import main

if __name__ == "__main__": sys.exit(main(["cycle0", *sys.argv[1:]]))
