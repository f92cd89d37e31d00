"""`python -m antrian` runs the same command line as `antrian`."""

from antrian.cli import main

main()
