"""Benchmark: the RSC push callback on the real server.

Starts gunicorn (2 sync workers) on a loopback port against a throw-away PostgreSQL database, with a
Redis broker so the callback only enqueues its task (no worker runs: the point is the request path:
verify the signature, dedupe on the id, record, enqueue). A load generator on loopback then sends
validly signed INTEGRATION_STATUS_CHANGE pushes for --seconds (about 10% of them replay an id already
sent), and afterwards hits /healthz for as long with the same concurrency. It prints requests per
second, p50/p99 latency, errors and the response codes of each, and the ratio callback/healthz
throughput (goal >= 0.5).

What a replay causes is measured, not inferred from the unique index: how first sends and replays were
answered (202 new / 200 duplicate), then every recorded push is processed the way the drain task does
(by two drains at once, against a LinkedIn stand-in that counts the events fetched and returns a status
change per id), and the bench counts per distinct id sent: rows stored, events fetched and state
changes applied (goal: exactly one of each; a replay adds none).
It prints figures and never asserts.

    .venv/bin/python bench/callback.py [--seconds 20] [--clients 8]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/attract_bench_callback (created and
dropped here); REDIS_URL to redis://127.0.0.1:6379/14 (flushed before and after).
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-child-app-secret"
REPLAY_SHARE = 0.10


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    run = {"env": env, "cwd": ROOT, "check": True}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], **run)
    script = (
        "from django.utils import timezone\n"
        "from linkedin_integration.models import LinkedInSettings\n"
        "LinkedInSettings.objects.update_or_create(pk=1, defaults={'app_client_id': 'bench', "
        f"'app_client_secret': {SECRET!r}, 'connected_at': timezone.now(), "
        "'organization_urn': 'urn:li:organization:1'})\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], **run)


def drop(env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_client(env):
    import redis

    return redis.Redis.from_url(env["CELERY_BROKER_URL"])


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "attract.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    return wait_until_serving(server, port, tries=100)


def wait_until_serving(server, port: int, *, tries: int = 150, stop=None):
    """`server` once /healthz on `port` answers 200; else stop it (`stop(server)`, or terminate) and exit."""
    for _ in range(tries):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    (stop or subprocess.Popen.terminate)(server)
    raise SystemExit("gunicorn did not start")


class Load:
    """Closed-loop load: `clients` threads each send a request, wait for the answer, send the next."""

    def __init__(self, port, seconds, clients, make_request, record=None):
        self.port, self.seconds, self.clients, self.make_request = port, seconds, clients, make_request
        self.record = record or (lambda meta, status: None)
        self.latencies, self.errors, self.codes = [], 0, {}
        self.lock = threading.Lock()

    def worker(self, deadline, rng):
        latencies, errors, codes = [], 0, {}
        while time.monotonic() < deadline:
            method, path, body, headers, meta = self.make_request(rng)
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
                if status >= 300:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                status = "network error"
                continue
            finally:
                codes[status] = codes.get(status, 0) + 1
                self.record(meta, status)
            latencies.append(time.perf_counter() - started)
        with self.lock:
            self.latencies += latencies
            self.errors += errors
            for code, n in codes.items():
                self.codes[code] = self.codes.get(code, 0) + n

    def run(self):
        deadline = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self.worker, args=(deadline, random.Random(n)))
            for n in range(self.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed = time.monotonic() - started
        return self

    def summary(self):
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")
        return {
            "rps": len(ordered) / self.elapsed,
            "p50": statistics.median(ordered) * 1000 if ordered else float("nan"),
            "p99": p99 * 1000,
            "errors": self.errors,
            "requests": len(ordered),
            "codes": ", ".join(f"{code}: {n}" for code, n in sorted(self.codes.items(), key=str)),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    env = dict(os.environ)
    base = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attract")
    if not base.startswith("postgres"):
        print("bench/callback.py needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    env["DATABASE_URL"] = with_database(base, "attract_bench_callback")
    env["CELERY_BROKER_URL"] = env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    env.pop("REDIS_URL", None)
    env.update(DEBUG="false", SECRET_KEY="bench-only-secret-key-not-for-production-0123456789")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    try:
        prepare(env)
        redis_client(env).flushdb()
    except Exception as exc:  # noqa: BLE001 - say why and let `make bench` go on
        print(f"bench/callback.py: cannot prepare PostgreSQL or Redis ({exc}); skipped.")
        return

    port = free_port()
    server = start_server(env, port)
    sent_ids: list[str] = []
    ids_lock = threading.Lock()
    # (first send or replay) -> status -> count, as the callback answered.
    answers = {"first": {}, "replay": {}}

    def push_request(rng):
        with ids_lock:
            if sent_ids and rng.random() < REPLAY_SHARE:
                notification_id, kind = rng.choice(sent_ids), "replay"
            else:
                notification_id, kind = str(uuid.uuid4()), "first"
                sent_ids.append(notification_id)
        body = json.dumps(
            {"id": notification_id, "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 1893456000000}
        ).encode()
        signature = hmac.new(SECRET.encode(), b"hmacsha256=" + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-LI-Signature": signature}
        return "POST", "/linkedin/rsc/callback/", body, headers, kind

    def record(kind, status):
        with ids_lock:
            answers[kind][status] = answers[kind].get(status, 0) + 1

    def healthz_request(rng):
        return "GET", "/healthz", None, {}, None

    try:
        print(
            f"Callback benchmark: gunicorn 2 sync workers, PostgreSQL, Redis broker, {args.clients} "
            f"loopback clients, {args.seconds:.0f} s per target, {os.cpu_count()} CPUs "
            f"(shared with other work on this machine)"
        )
        callback = Load(port, args.seconds, args.clients, push_request, record).run().summary()
        healthz = Load(port, args.seconds, args.clients, healthz_request).run().summary()
    finally:
        server.terminate()
        server.wait(timeout=30)
    queued = redis_client(env).llen("celery")

    for name, figures in (("callback", callback), ("healthz", healthz)):
        latency = f"p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:6.1f} ms"
        print(
            f"{name:<9} {figures['rps']:8.1f} req/s  {latency}  "
            f"errors {figures['errors']}  ({figures['requests']} requests; codes {figures['codes']})"
        )
    ratio = callback["rps"] / healthz["rps"] if healthz["rps"] else float("nan")
    print(f"callback/healthz throughput ratio: {ratio:.2f} (goal >= 0.5)")

    def answered(kind):
        found = answers[kind]
        new, duplicate = found.get(202, 0), found.get(200, 0)
        other = sum(n for code, n in found.items() if code not in (200, 202))
        return new, duplicate, other

    first_new, first_duplicate, first_other = answered("first")
    replay_new, replay_duplicate, replay_other = answered("replay")
    print(
        f"answers: {len(sent_ids)} first sends -> {first_new} new (202), {first_duplicate} duplicate (200), "
        f"{first_other} other; {sum(answers['replay'].values())} replays -> {replay_new} new (202, goal 0), "
        f"{replay_duplicate} duplicate (200), {replay_other} other"
    )
    print(f"drain tasks enqueued by the callback (coalesced, one per burst per process): {queued}")

    effects = measure_effects(env, sent_ids)
    # Histograms {effects per id: number of ids}; the goal for each is {1: every id sent}.
    print(
        f"processing per distinct id sent ({len(sent_ids)} ids; two drains at once, "
        f"{effects['seconds']:.1f} s; goal for each: {{1: {len(sent_ids)}}}):"
    )
    print(f"  rows stored {effects['rows']}")
    print(f"  events fetched from LinkedIn {effects['fetched']}")
    print(f"  events applied (state service calls) {effects['applied']}")
    print(
        f"  pushes left unprocessed: {effects['left']}; push statuses {effects['statuses']}; "
        f"company level now {effects['company_level']}"
    )
    redis_client(env).flushdb()
    drop(env)


# Run in the benchmark's database after the load: every recorded push processed by two concurrent drains
# (as two workers would), LinkedIn replaced by a stand-in that counts the events fetched per id, and the
# service that applies an event counted per id too (it still runs: the first event moves the company
# level to Enabled, the others find nothing to change).
EFFECTS_SCRIPT = r"""
import json, threading, time
from collections import Counter
from django.db import connection
from linkedin_integration.client import IntegrationChange, integration_keys
from linkedin_integration.models import PushNotification, RscIntegration
from linkedin_integration.services import notifications

ids = json.load(open(IDS_FILE))
fetched, applied = Counter(), Counter()
lock = threading.Lock()
current = threading.local()
RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": "PARTNER_READY"})
keys = integration_keys(organization_urn="urn:li:organization:1")


class CountingLinkedIn:
    def integration_changes(self, request_id):
        with lock:
            fetched[request_id] += 1
        return [IntegrationChange(key=key, status="ENABLED") for key in keys]


apply_changes = notifications.rsc_apply_changes


def counting_apply(**kwargs):
    with lock:
        applied[current.id] += 1
    return apply_changes(**kwargs)


notifications.rsc_apply_changes = counting_apply


def drain():
    try:
        for push in PushNotification.objects.filter(status="RECEIVED").order_by("received_at", "pk"):
            current.id = push.notification_id
            notifications.notification_process(notification=push, client=CountingLinkedIn())
    finally:
        connection.close()


started = time.monotonic()
threads = [threading.Thread(target=drain) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seconds = time.monotonic() - started
rows = Counter(PushNotification.objects.values_list("notification_id", flat=True))
print(json.dumps({
    "rows": dict(Counter(rows.get(i, 0) for i in ids)),
    "fetched": dict(Counter(fetched.get(i, 0) for i in ids)),
    "applied": dict(Counter(applied.get(i, 0) for i in ids)),
    "left": PushNotification.objects.filter(status="RECEIVED").count(),
    "statuses": dict(Counter(PushNotification.objects.values_list("status", flat=True))),
    "company_level": RscIntegration.objects.get(level="COMPANY").state,
    "seconds": seconds,
}))
"""


def measure_effects(env: dict, sent_ids: list[str]) -> dict:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(sent_ids, handle)
    script = f"IDS_FILE = {handle.name!r}\n" + EFFECTS_SCRIPT
    try:
        out = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", script],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
