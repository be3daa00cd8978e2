"""`python -m clex` runs the same command line as the `clex` script.

`run` catches Ctrl-C and SIGTERM before anything heavy is imported (typer, rich,
pydantic take a while to load): a signal then still ends in one line "interrupted" and
exit 130, never a traceback of an import (`clex.cli.main` takes over from there).

The cycle collector is paused while the command line's modules load and what they made
is then set aside (`gc.freeze`): imports create hundreds of thousands of objects that
live as long as the process, and collecting while they are made walks them again and
again (about a tenth of a short command's time, measured by the startup benchmark).
"""

from __future__ import annotations


def run() -> None:
    import gc
    import signal
    import sys

    gc.disable()

    from evidence import outfile

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, outfile.interrupt)
    outfile.arm()
    try:
        from clex.cli import main

        gc.freeze()  # the modules live as long as the process: no collection walks them
        gc.enable()
        main()  # ends in SystemExit, an interrupt included
    except outfile.Interrupted:  # before `main` took over
        sys.stderr.write("interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
