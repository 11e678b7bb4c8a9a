"""Long work a request starts when there is no broker (the embedded default runs tasks eagerly): a
first history pull or a 2-year sync backfill runs beside the request in a thread, as a worker would,
so that the click answers at once."""

import threading
import time

from django.db import connection


def run_beside_the_request(task, *, name: str, delay: float = 0) -> threading.Thread:
    """Apply `task` in a daemon thread called `name` (tests join it by that name), `delay` seconds on."""
    thread = threading.Thread(target=_apply_and_close, args=(task, delay), name=name, daemon=True)
    thread.start()
    return thread


def _apply_and_close(task, delay: float = 0) -> None:
    try:
        if delay:
            time.sleep(delay)
        task.apply()
    finally:
        # The thread's own connection: left open, every click would leak one.
        connection.close()
