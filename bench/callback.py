"""Benchmark: the RSC push callback on the real server.

Starts gunicorn (2 sync workers) on a loopback port against a throw-away PostgreSQL database, with a
Redis broker so the callback only enqueues its task (no worker runs: the point is the request path:
verify the signature, dedupe on the id, record, enqueue). A load generator on loopback then sends
validly signed INTEGRATION_STATUS_CHANGE pushes for --seconds (about 10% of them replay an id already
sent), and afterwards hits /healthz for as long with the same concurrency. It prints requests per
second, p50/p99 latency and errors of each, the notifications stored against the distinct ids sent
(duplicates stored, goal 0), the tasks enqueued, and the ratio callback/healthz throughput (goal >= 0.5).
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
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class Load:
    """Closed-loop load: `clients` threads each send a request, wait for the answer, send the next."""

    def __init__(self, port, seconds, clients, make_request):
        self.port, self.seconds, self.clients, self.make_request = port, seconds, clients, make_request
        self.latencies, self.errors, self.codes = [], 0, {}
        self.lock = threading.Lock()

    def worker(self, deadline, rng):
        latencies, errors, codes = [], 0, {}
        while time.monotonic() < deadline:
            method, path, body, headers = self.make_request(rng)
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                codes[response.status] = codes.get(response.status, 0) + 1
                if response.status >= 300:
                    errors += 1
            except OSError:
                errors += 1
                continue
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

    def push_request(rng):
        with ids_lock:
            if sent_ids and rng.random() < REPLAY_SHARE:
                notification_id = rng.choice(sent_ids)
            else:
                notification_id = str(uuid.uuid4())
                sent_ids.append(notification_id)
        body = json.dumps(
            {"id": notification_id, "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 1893456000000}
        ).encode()
        signature = hmac.new(SECRET.encode(), b"hmacsha256=" + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-LI-Signature": signature}
        return "POST", "/linkedin/rsc/callback/", body, headers

    def healthz_request(rng):
        return "GET", "/healthz", None, {}

    try:
        print(
            f"Callback benchmark: gunicorn 2 sync workers, PostgreSQL, Redis broker, {args.clients} "
            f"loopback clients, {args.seconds:.0f} s per target, {os.cpu_count()} CPUs"
        )
        callback = Load(port, args.seconds, args.clients, push_request).run().summary()
        healthz = Load(port, args.seconds, args.clients, healthz_request).run().summary()
    finally:
        server.terminate()
        server.wait(timeout=30)

    check = (
        "from linkedin_integration.models import PushNotification as P\n"
        "print(P.objects.count(), P.objects.values('notification_id').distinct().count())\n"
    )
    out = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", check],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )
    stored, distinct_stored = int(out[0]), int(out[1])
    queued = redis_client(env).llen("celery")
    unique_sent = len(set(sent_ids))
    for name, figures in (("callback", callback), ("healthz", healthz)):
        latency = f"p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:6.1f} ms"
        print(
            f"{name:<9} {figures['rps']:8.1f} req/s  {latency}  "
            f"errors {figures['errors']}  ({figures['requests']} requests)"
        )
    replays = callback["requests"] - unique_sent
    print(
        f"pushes: {unique_sent} distinct ids sent, {max(replays, 0)} replays; stored {stored} rows "
        f"({distinct_stored} distinct); duplicates stored: {stored - distinct_stored}; "
        f"ids sent but not stored: {unique_sent - stored}; tasks enqueued: {queued}"
    )
    ratio = callback["rps"] / healthz["rps"] if healthz["rps"] else float("nan")
    print(f"callback/healthz throughput ratio: {ratio:.2f} (goal >= 0.5)")
    redis_client(env).flushdb()
    drop(env)


if __name__ == "__main__":
    main()
