"""`python -m antrian` runs the same command line as `antrian`."""

from antrian.entry import main

main()
