#!/usr/bin/env python
"The seed's entry point for adaptive cycles (Algorithm 2): a thin wrapper of `fastcharge adaptive` with the same flags."
import sys
from fastcharge_nb.cli import main

if __name__ == "__main__": sys.exit(main(["adaptive", *sys.argv[1:]]))
