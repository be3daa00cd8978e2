"""`python -m clex` runs the same command line as the `clex` script.

`run` catches Ctrl-C and SIGTERM before its first import of any size (typer, rich,
pydantic take a while to load, and even the standard modules `evidence.outfile` needs
take tens of milliseconds): a signal then still ends in one line "interrupted" and exit
130, never a traceback of an import (`clex.cli.main` takes over from there). Only
Python's own start, before `run` is called, is left to Python.

The cycle collector is paused while the command line's modules load and what they made
is then set aside (`gc.freeze`): imports create hundreds of thousands of objects that
live as long as the process, and collecting while they are made walks them again and
again (about a tenth of a short command's time, measured by the startup benchmark).
"""

from __future__ import annotations


def run() -> None:
    import signal

    early: list[int] = []

    def cut_short(signum: int, _frame: object) -> None:
        early.append(signum)
        for sig in (signal.SIGINT, signal.SIGTERM):  # one ends the run; a second is no news
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt  # ends the import under way; answered below

    # first, before any other import: even `evidence.outfile`'s standard modules take tens of
    # milliseconds, and a Ctrl-C in them was Python's traceback of KeyboardInterrupt
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, cut_short)
    try:
        import gc

        gc.disable()

        from evidence import outfile
    except BaseException:
        if not early:
            raise
        _interrupted()
    try:
        if early:  # it came as the import ended: nothing begun yet either
            _interrupted()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, outfile.interrupt)
        outfile.arm()
        from clex.cli import main

        gc.freeze()  # the modules live as long as the process: no collection walks them
        gc.enable()
        main()  # ends in SystemExit, an interrupt included
    except outfile.Interrupted:  # before `main` took over
        _interrupted()
    except KeyboardInterrupt:  # the early handler's, before `outfile`'s took over
        if not early:
            raise
        _interrupted()


def _interrupted() -> None:
    import sys

    if sys.stderr is not None:  # closed (`2>&-`): the exit code says it alone
        sys.stderr.write("interrupted\n")
    sys.exit(130)


if __name__ == "__main__":
    run()
