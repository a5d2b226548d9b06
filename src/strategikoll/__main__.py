"""`python -m strategikoll`."""

from strategikoll.cli import main

main()
