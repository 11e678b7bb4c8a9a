"""Work a request starts without a broker runs in a thread beside it, which closes its own database
connection once done, even when the work failed."""

import threading

from linkedin_integration import beside


class Task:
    def __init__(self, fails=False):
        self.fails = fails
        self.ran_in = []

    def apply(self):
        self.ran_in.append(threading.current_thread().name)
        if self.fails:
            raise RuntimeError("LinkedIn went away")


class Connection:
    def __init__(self):
        self.closed_in = []

    def close(self):
        self.closed_in.append(threading.current_thread().name)


def test_the_task_runs_in_its_named_thread_which_closes_its_connection(monkeypatch):
    connection = Connection()
    monkeypatch.setattr(beside, "connection", connection)
    task = Task()

    beside.run_beside_the_request(task, name="linkedin-test-work").join(timeout=10)

    assert task.ran_in == ["linkedin-test-work"]
    assert connection.closed_in == ["linkedin-test-work"]


def test_a_failing_task_still_closes_the_connection(monkeypatch):
    connection = Connection()
    monkeypatch.setattr(beside, "connection", connection)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)  # the failure is the task's to log

    beside.run_beside_the_request(Task(fails=True), name="linkedin-test-work").join(timeout=10)

    assert connection.closed_in == ["linkedin-test-work"]
