"""Sub-resource calls (one parent's records each) go out several at a time on a pool of threads kept
between batches: every answer is matched to its own records, a call LinkedIn refuses for good refuses
only its own records, and the pool does not grow from batch to batch."""

import threading
from types import SimpleNamespace

from linkedin_integration.client import LinkedInError
from linkedin_integration.services.sync import streams


class Recorder:
    """put(parent, entities) answers every key, or raises for the parents in `refuse`."""

    def __init__(self, refuse=()):
        self.refuse, self.lock, self.calls = set(refuse), threading.Lock(), []

    def app_token(self):
        return "token"

    def put(self, client, context, parent, entities):
        with self.lock:
            self.calls.append((parent, sorted(entities), threading.current_thread().name))
        if parent in self.refuse:
            raise LinkedInError(f"No AtsApplication {parent}: sync it first.", 404, permanent=True)
        return SimpleNamespace(errors={})


def rows_of(parents, per_parent=2):
    return [
        SimpleNamespace(pk=parent * 10 + n, application_id=parent, deleted_at=None)
        for parent in parents
        for n in range(per_parent)
    ]


def sender(recorder):
    return streams._send_records(
        lambda row: row.application_id,
        lambda row: {"note": str(row.pk)},
        recorder.put,
        lambda *args: None,
        lambda row: row.deleted_at is not None,
    )


def test_calls_go_out_on_the_kept_pool_and_each_answer_meets_its_own_records(settings):
    settings.LINKEDIN_SYNC_PARALLEL_CALLS = 4
    recorder = Recorder(refuse={"3"})
    send = sender(recorder)

    outcome = send(recorder, "urn:li:organization:1", rows_of(range(1, 9)))

    assert sorted(parent for parent, _, _ in recorder.calls) == [str(n) for n in range(1, 9)]
    assert all(name.startswith("linkedin-sync") for _, _, name in recorder.calls)
    assert sorted(outcome.refused) == [30, 31]
    assert "sync it first" in outcome.refused[30].message
    assert sorted(outcome.accepted) == sorted(row.pk for row in rows_of(n for n in range(1, 9) if n != 3))

    # A second batch reuses the pool: no more threads than its width.
    send(recorder, "urn:li:organization:1", rows_of(range(10, 30)))
    names = {name for _, _, name in recorder.calls}
    assert len(names) <= 4


def test_one_call_at_a_time_when_the_width_is_one(settings):
    settings.LINKEDIN_SYNC_PARALLEL_CALLS = 1
    recorder = Recorder()

    sender(recorder)(recorder, "urn:li:organization:1", rows_of(range(1, 4)))

    assert {name for _, _, name in recorder.calls} == {threading.current_thread().name}
