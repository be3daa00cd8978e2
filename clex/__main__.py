"""`python -m clex` runs the same command line as the `clex` script.

`run` catches Ctrl-C and SIGTERM before anything heavy is imported (typer, rich,
pydantic take a while to load): a signal then still ends in one line "interrupted" and
exit 130, never a traceback of an import (`clex.cli.main` takes over from there).
"""

from __future__ import annotations


def run() -> None:
    import signal
    import sys

    from evidence import outfile

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, outfile.interrupt)
    outfile.arm()
    try:
        from clex.cli import main

        main()  # ends in SystemExit, an interrupt included
    except outfile.Interrupted:  # before `main` took over
        sys.stderr.write("interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
