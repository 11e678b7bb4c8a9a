"""Handing background tasks to the broker from a request, so that a broker outage never fails or holds
the request.

A request sends over a connection whose connect and socket timeouts are short and which kombu never
retries: a broker that refuses connections costs one refused connect, one that accepts and stays
silent (a paused Redis) costs at most REQUEST_BROKER_TIMEOUT. Each thread keeps its connection for the
next send (a new connection, channel and queue declaration per send cost as much as the rest of an RSC
callback); redis-py reconnects a kept connection Redis dropped, and one that fails is let go. What
could not be sent is kept as a PendingTask row and sent by the periodic sweep
(attract.tasks.send_pending_tasks) once the broker is back. Tasks are idempotent (the project's rule),
so a send that reached the broker but timed out on the answer and is sent again by the sweep does no
harm.
"""

import logging
import os
import threading
import time
from functools import partial

from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)

# Seconds a request may spend on the broker for one send, connect and publish each.
REQUEST_BROKER_TIMEOUT = 1.0
# After a failed send, this process keeps what it sends for this long without trying the broker: a
# request sending two tasks, and every request of an outage, waits on the broker at most once.
BROKER_BACKOFF_SECONDS = 10.0
_backoff = threading.Lock()
_broker_away_until = 0.0
# Each thread's kept broker connection, with the broker URL, generation and process it was made for: a
# failure anywhere starts a new generation, so no thread goes on with a connection made before it, and a
# forked process (a worker's child) never shares its parent's socket.
_kept = threading.local()
_generation = 0


def forget_broker_failure() -> None:
    global _broker_away_until, _generation
    with _backoff:
        _broker_away_until = 0.0
        _generation += 1


def _note_broker_failure() -> None:
    global _broker_away_until, _generation
    with _backoff:
        _broker_away_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        _generation += 1


def send_after_commit(task, *args, **kwargs) -> None:
    """Send `task(*args, **kwargs)` once the current transaction commits (at once in autocommit)."""
    transaction.on_commit(partial(send_or_keep, task, args, kwargs))


def send_or_keep(task, args=(), kwargs=None, *, keep=True, **options) -> bool:
    """Send now; if the broker cannot take it, keep it for the sweep (unless `keep` is False, for work a
    periodic task finds by itself). Never raises: True when the broker took the task."""
    kwargs = kwargs or {}
    if not task.app.conf.task_always_eager and time.monotonic() < _broker_away_until:
        if keep:
            _keep(task.name, args, kwargs, error="Not tried: the broker failed a moment ago.")
        return False
    try:
        send(task, args, kwargs, **options)
    except Exception as exc:  # noqa: BLE001 - whatever the broker or the network raised
        if not task.app.conf.task_always_eager:
            _note_broker_failure()
        log.warning(
            "Could not send the task %s (%s: %s)%s.",
            task.name,
            type(exc).__name__,
            exc,
            "; it is kept for the next sweep" if keep else "",
        )
        if keep:
            _keep(task.name, args, kwargs, error=f"{type(exc).__name__}: {exc}")
        return False
    return True


def send(task, args=(), kwargs=None, **options) -> None:
    """Send over this thread's kept connection, with bounded timeouts and no retry by kombu; raises what
    the broker raised. Eager (no broker, and under tests) runs the task here, as Celery does."""
    if task.app.conf.task_always_eager:
        task.apply_async(args, kwargs or {}, **options)
        return
    connection = _connection(task.app)
    try:
        task.apply_async(args, kwargs or {}, connection=connection, retry=False, **options)
    except Exception:
        _drop_connection()  # the next send starts a new one
        raise


def _connection(app):
    """This thread's broker connection, kept from an earlier send or new."""
    key = (app.conf.broker_write_url or app.conf.broker_url, _generation, os.getpid())
    kept = getattr(_kept, "key", None)
    if kept == key:
        return _kept.connection
    if kept is not None and kept[2] != os.getpid():
        _kept.connection = _kept.key = None  # the parent's: left alone, never released from here
    _drop_connection()
    _kept.connection = app.connection_for_write(
        connect_timeout=REQUEST_BROKER_TIMEOUT,
        transport_options={
            "max_retries": 0,  # kombu would otherwise retry the connect for broker_connection_timeout
            "socket_connect_timeout": REQUEST_BROKER_TIMEOUT,
            "socket_timeout": REQUEST_BROKER_TIMEOUT,
            "retry_on_timeout": False,
        },
    )
    _kept.key = key
    return _kept.connection


def _drop_connection() -> None:
    connection = getattr(_kept, "connection", None)
    _kept.connection = _kept.key = None
    if connection is not None:
        try:
            connection.release()
        except Exception:  # noqa: BLE001 - a connection already broken; nothing to release
            log.debug("Releasing a broken broker connection failed", exc_info=True)


def _keep(name: str, args, kwargs, *, error: str) -> None:
    from attract.models import PendingTask

    try:
        PendingTask.objects.create(task=name, args=list(args), kwargs=dict(kwargs), error=error[:2000])
    except DatabaseError:
        log.exception("The task %s could not be kept for the sweep either: it is lost.", name)
