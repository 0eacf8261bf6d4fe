#!/usr/bin/env python
"The seed's entry point for evaluation of a policy: a thin wrapper of `fastcharge evaluate` with the same flags."
import sys
from fastcharge_nb.cli import main

if __name__ == "__main__": sys.exit(main(["evaluate", *sys.argv[1:]]))
