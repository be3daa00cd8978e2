"""`python -m clex` runs the same command line as the `clex` script."""

from clex.cli import main

main()
