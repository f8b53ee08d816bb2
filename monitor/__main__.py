"""`python -m monitor` runs the redline command line."""

from monitor.cli import main

main()
