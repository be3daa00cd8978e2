"""A signal that lands while a change is made lasting (a store's commit), and one Python
cannot raise: real signals sent to this process, a real SQLite store (issue 21).

`tests/test_interrupts.py` signals `python -m clex` at fractions of its run time, so a
signal lands right at the commit only by luck (it did, in CI: exit 130 of an import that
was stored). Here the signal is sent from inside the commit itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from clex.cli import _put_back, catch_signals
from evidence import outfile
from evidence.store import Store


@pytest.fixture
def armed() -> Iterator[None]:
    """This process as `clex` runs a command: the handlers installed, the run armed, and
    a second thread running, as Rich's refresh thread runs while an import shows its
    progress (the kernel may hand a signal to either thread)."""
    outfile.forget_interrupts()
    before = catch_signals()
    outfile.arm()
    over = threading.Event()
    other = threading.Thread(target=over.wait, daemon=True)
    other.start()
    try:
        yield
    finally:
        over.set()
        other.join()
        outfile.disarm()
        _put_back(before)
        outfile.forget_interrupts()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'clex.db'}")
    with s.write() as conn:
        conn.execute(text("CREATE TABLE kept (n INTEGER)"))
    return s


def _signal_at_commit(store: Store) -> None:
    """SIGINT to this process as the next commit begins."""

    def send(conn: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)

    event.listen(store.engine, "commit", send, once=True)


def _rows(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(text("SELECT count(*) FROM kept")).scalar_one())


def test_a_signal_during_the_last_commit_comes_too_late(armed: None, store: Store) -> None:
    """The command's one commit is made whole; the signal that came during it is noted
    and ignored, so the run ends as finished (the import stored, exit 0)."""
    _signal_at_commit(store)
    with outfile.last_step(), store.write() as conn:
        conn.execute(text("INSERT INTO kept VALUES (1)"))
    assert _rows(store) == 1
    assert outfile.interrupted() is False
    os.kill(os.getpid(), signal.SIGINT)  # later signals too: the result stands
    assert outfile.interrupted() is False


def test_a_signal_during_an_earlier_commit_interrupts_after_it(armed: None, store: Store) -> None:
    """A commit that is not the command's last is made whole all the same, and the
    command stops right after it."""
    _signal_at_commit(store)
    with pytest.raises(outfile.Interrupted), store.write() as conn:
        conn.execute(text("INSERT INTO kept VALUES (1)"))
    assert _rows(store) == 1
    assert outfile.interrupted() is True


def test_a_signal_before_the_commit_rolls_back(armed: None, store: Store) -> None:
    with pytest.raises(outfile.Interrupted), outfile.last_step(), store.write() as conn:
        conn.execute(text("INSERT INTO kept VALUES (1)"))
        os.kill(os.getpid(), signal.SIGINT)
        conn.execute(text("INSERT INTO kept VALUES (2)"))
    assert _rows(store) == 0
    assert outfile.interrupted() is True


def test_a_swallowed_signal_stops_the_commit(armed: None, store: Store) -> None:
    """A library that caught the `Interrupted` does not get its half-done work kept."""
    with pytest.raises(outfile.Interrupted), outfile.last_step(), store.write() as conn:
        conn.execute(text("INSERT INTO kept VALUES (1)"))
        with contextlib.suppress(outfile.Interrupted):  # as a careless library would
            os.kill(os.getpid(), signal.SIGINT)
    assert _rows(store) == 0


class _Key:
    """An object a `WeakKeyDictionary` can hold."""


def _weakref_callback_raising(exc: BaseException) -> None:
    """Make Python meet `exc` where it cannot raise it: in a weakref's callback."""

    def callback(ref: Any) -> None:
        raise exc

    key = _Key()
    ref = weakref.ref(key, callback)
    del key
    assert ref() is None


def test_an_interrupt_python_cannot_raise_is_not_printed() -> None:
    """Python prints "Exception ignored in ..." with a traceback for an exception raised
    in a weakref callback (where a signal handler runs too, as CI met); the interrupt is
    dropped, any other exception still reaches the hook before."""
    seen: list[BaseException | None] = []
    before = sys.unraisablehook
    sys.unraisablehook = outfile.quiet_unraisable(lambda u: seen.append(u.exc_value))
    try:
        _weakref_callback_raising(outfile.Interrupted(signal.SIGINT))
        assert seen == []
        _weakref_callback_raising(ValueError("a real fault"))
    finally:
        sys.unraisablehook = before
    assert [type(e) for e in seen] == [ValueError]


def test_an_interrupt_lost_in_a_weakref_callback_still_stops_the_command(
    armed: None, store: Store
) -> None:
    """Ctrl-C while Python runs a weakref callback: the handler's `Interrupted` cannot
    leave the callback. The command keeps nothing more (its commit is refused) and the
    next Ctrl-C raises at once, not only a third."""
    before = sys.unraisablehook
    sys.unraisablehook = outfile.quiet_unraisable(before)  # pytest sets its own per test

    def callback(ref: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs here, inside the callback
            pass

    try:
        key = _Key()
        ref = weakref.ref(key, callback)
        del key
        for _ in range(1000):  # lost: nothing is raised here
            pass
    finally:
        sys.unraisablehook = before
    assert ref() is None and outfile.interrupted()
    with pytest.raises(outfile.Interrupted), store.write() as conn:
        conn.execute(text("INSERT INTO kept VALUES (1)"))
    assert _rows(store) == 0
    with pytest.raises(outfile.Interrupted):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
