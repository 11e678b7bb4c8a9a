"""Benchmark: 1-click export end to end, as fast as the sandbox sends the exports.

Starts Attract on gunicorn (2 workers x 4 threads), the sandbox standing in for LinkedIn on a gunicorn of
its own (2 x 4, niced: LinkedIn's servers are not on Attract's machine, and here they share its 2 cores,
so the sandbox sends as fast as the CPU Attract leaves it allows instead of starving Attract of it) and a
real Celery worker (prefork, 4 processes: the work waits on HTTP and PostgreSQL as much as on CPU),
against a throw-away PostgreSQL database and a Redis broker. Attract is connected to the
sandbox with 1-click export Enabled; three Recruiter seat holders are connected under Settings (two
recruiters on the jobs, one hiring manager on none); the jobs are synced as simple job postings, and one
of them is closed in Attract. Then --clients loopback clients press Export in the sandbox's Recruiter
(signed in as the seat holders) --exports times, mixed: new people, people already in Attract (same
profile URL or email), repeats of an export (some at the same moment from two seats), and refusals (the
hiring manager off the job, the closed job). Each Export records the export and POSTs the signed push to
Attract's callback; the push's own task (or the drain) fetches the export and settles it.

It prints exports processed per second, push-to-Prospect latency p50/p95 (from the sandbox creating the
push to Attract settling the export), how every export settled (accepted, already in the pipeline,
refused with a reason, or not at all), duplicates (candidates or applications for the same person) and
the CPU time an export costs Attract's web server, its worker and the sandbox.
Goals: p95 under 2 s, every export settled, 0 duplicates. It prints figures and never asserts.

    .venv/bin/python bench/export.py [--exports 500] [--clients 4]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/attract_bench_export (created and dropped
here); BENCH_REDIS_URL to redis://127.0.0.1:6379/13 (flushed before and after).
"""

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.callback import free_port, wait_until_serving, with_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHILD_ID, CHILD_SECRET = "bench-export-child", "bench-export-child-secret"
ORG = "urn:li:organization:2414183"
NEW_PEOPLE, KNOWN_PEOPLE = 0.50, 0.15  # of the exports; then repeats 0.20 and refusals 0.15
SETTLE_SECONDS = 120
LOG = Path(tempfile.gettempdir()) / "attract-bench-export-worker.log"


def in_django(env: dict, code: str, *args) -> str:
    """Run `code` (a function body using django) in a process with the bench's settings; its stdout."""
    script = f"import django, json, re, sys\ndjango.setup()\n{code}"
    result = subprocess.run(
        [PYTHON, "-c", script, *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "attract.settings"},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"the bench's Django step failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    # DEBUG is off, as in production: the pages need their collected static files.
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)


def drop(env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The world: connection, users connected to seat holders, jobs with their postings, members to export
# and candidates already in Attract for some of them. Prints what the load needs, as JSON.
SETUP = r"""
from django.utils import timezone
from attract import roles
from attract.models import User
from candidates.models import Candidate
from jobs.models import Job, JobRole, ProcessTemplateStage, Stage
from linkedin_integration.models import LinkedInConnection, LinkedInSettings, RscIntegration
from linkedin_sandbox.models import Application, Integration, Member, Organization, Seat, SimpleJobPosting

site, child_id, child_secret, org = sys.argv[1:5]
people = int(sys.argv[5])
partner = Application.objects.get(kind="PARTNER")
child = Application.objects.create(kind="CHILD", client_id=child_id, client_secret=child_secret,
    name="Attract (bench)", parent=partner, unique_foreign_id="bench")
for kind in ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"):
    Integration.objects.create(application=child, integration_context=org, integration_type=kind,
        status="ENABLED", callback_url=f"{site}/linkedin/rsc/callback/" if kind == "ONE_CLICK_EXPORT" else "")
LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso Demo",
    "company_id": "2414183", "app_client_id": child_id, "app_client_secret": child_secret,
    "connected_at": timezone.now(), "organization_urn": org, "contract_urn": "urn:li:contract:500100"})
RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": "ENABLED"})

def user(username, role, member):
    u = User.objects.create(username=username, first_name=member.first_name, last_name=member.last_name)
    roles.set_roles(u, [role])
    LinkedInConnection.objects.create(user=u, person_urn=member.urn, name=member.name)
    return u

rita = Member.objects.get(first_name="Rita", last_name="Recruiter")
priya = Member.objects.get(first_name="Priya", last_name="Sourcer")
hugo = Member.objects.get(first_name="Hugo", last_name="Manager")
recruiters = [user("bench-rita", roles.RECRUITER, rita), user("bench-priya", roles.RECRUITER, priya)]
user("bench-hugo", roles.HIRING_MANAGER, hugo)
organization = Organization.objects.get(org_id=2414183)
template = list(ProcessTemplateStage.objects.order_by("position"))
jobs = []
for n in range(4):
    job = Job.objects.create(code=f"J-BENCH-{n}", title=f"Bench role {n}", description="x",
        owner=recruiters[0], status="ACTIVE" if n < 3 else "CLOSED",
        close_reason="" if n < 3 else "CANCELLED")
    Stage.objects.bulk_create(Stage(job=job, name=s.name, kind=s.kind, position=s.position) for s in template)
    for r in recruiters:
        JobRole.objects.create(job=job, user=r, role="RECRUITER")
    posting = SimpleJobPosting.objects.create(organization=organization, external_job_posting_id=job.code,
        title=job.title, location="Amsterdam, NL")
    jobs.append({"code": job.code, "posting": posting.pk, "open": n < 3})
members = Member.objects.bulk_create(Member(person_id=f"bench{n:05d}", first_name=f"Bench{n}",
    last_name="Person", headline="Engineer", city="Utrecht", country="NL", vanity_name=f"bench-person-{n}",
    current_company="Fabrikam", email=f"bench{n}@example.com" if n % 3 == 0 else "") for n in range(people))
known = [m for n, m in enumerate(members) if n % 5 == 0]
Candidate.objects.bulk_create(Candidate(first_name=m.first_name, last_name=m.last_name,
    email=m.email or f"known{m.person_id}@example.org",
    linkedin_url="" if m.email else f"https://www.linkedin.com/in/{m.vanity_name}") for m in known)
seat_members = {name: m.pk for name, m in (("rita", rita), ("priya", priya), ("hugo", hugo))}
print(json.dumps({"jobs": jobs, "members": [m.person_id for m in members],
    "emails": {m.person_id: m.email for m in members if m.email},
    "known": [m.person_id for m in known], "seats": seat_members}))
"""

# After the load: per export, its push's creation and its settlement, and what it became; duplicates.
REPORT = r"""
from django.db.models import Count
from candidates.models import Application, Candidate
from linkedin_integration.models import Export, PushNotification
from linkedin_sandbox.models import Event, Push

events = {e.event_id: e.created_at for e in Event.objects.filter(type="EXPORT_CANDIDATE_PROFILE")}
settled = {x.request_id: x for x in Export.objects.filter(request_id__in=list(events))}
latency = {i: (settled[i].at - events[i]).total_seconds() for i in settled}
latencies = sorted(latency.values())
# The median latency of each fifth of the run (by push), to tell a queue that builds from a slow start.
in_order = sorted(settled, key=lambda i: events[i])
fifth = max(1, len(in_order) // 5)
chunks = [in_order[k:k + fifth] for k in range(0, len(in_order), fifth)]
by_fifth = [sorted(latency[i] for i in chunk)[len(chunk) // 2] for chunk in chunks]
results = {}
for x in settled.values():
    key = x.get_result_display()
    if x.result == "REFUSED":
        reason = re.sub(r"^\S+ \S+ is not a", "<user> is not a", x.reason)
        key += ": " + re.sub(r"J-BENCH-\d", "J-BENCH-n", reason)
    results[key] = results.get(key, 0) + 1
def twice(rows, *fields):
    return rows.values(*fields).annotate(n=Count("pk")).filter(n__gt=1).count()
by_url = twice(Candidate.objects.exclude(linkedin_url=""), "linkedin_url")
by_name = twice(Candidate.objects.filter(last_name="Person"), "first_name")
apps = twice(Application.objects.all(), "candidate", "job")
accepted_pairs = twice(Export.objects.filter(result="ACCEPTED"), "member_urn", "job_code")
first = min(events.values()) if events else None
last = max((x.at for x in settled.values()), default=None)
pushes = {}
for p in Push.objects.filter(event__type="EXPORT_CANDIDATE_PROFILE"):
    pushes[p.status_code or "failed"] = pushes.get(p.status_code or "failed", 0) + 1
print(json.dumps({"events": len(events), "settled": len(settled), "latencies": latencies,
    "by_fifth": by_fifth, "results": results, "dup_candidates": by_url + by_name, "dup_applications": apps,
    "accepted_twice": accepted_pairs, "span": (last - first).total_seconds() if first and last else None,
    "pushes": pushes,
    "push_statuses": dict(PushNotification.objects.values_list("status").annotate(n=Count("pk")))}))
"""


class Sandbox:
    """One signed-in sandbox session (a seat holder) over one keep-alive connection."""

    def __init__(self, port, member_pk):
        self.port, self.cookies = port, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.get("/sandbox/linkedin/signin/")
        status, _ = self.post(
            "/sandbox/linkedin/signin/", {"member": member_pk, "next": "/sandbox/linkedin/"}
        )
        if status != 302:
            raise SystemExit(f"sandbox sign-in failed: HTTP {status}")

    def _send(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, fields):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", path, urlencode(fields), headers)


def plan(world: dict, count: int, rng: random.Random) -> list[tuple]:
    """(seat, person_id, posting pk) per export, mixed and shuffled."""
    open_jobs = [job for job in world["jobs"] if job["open"]]
    closed = next(job for job in world["jobs"] if not job["open"])
    known = list(world["known"])
    fresh = [person for person in world["members"] if person not in set(known)]
    items, done = [], []
    recruiters = ["rita", "priya"]
    for n in range(int(count * NEW_PEOPLE)):
        item = (recruiters[n % 2], fresh[n], rng.choice(open_jobs)["posting"])
        items.append(item)
        done.append(item)
    for n in range(int(count * KNOWN_PEOPLE)):
        item = (recruiters[n % 2], known[n % len(known)], rng.choice(open_jobs)["posting"])
        items.append(item)
        done.append(item)
    refusals = int(count * 0.15)
    for n in range(refusals):
        if n % 3 == 2:
            items.append((recruiters[n % 2], rng.choice(fresh), closed["posting"]))
        else:
            items.append(("hugo", rng.choice(fresh), rng.choice(open_jobs)["posting"]))
    while len(items) < count:  # repeats: the same person into the same job again, by either recruiter
        seat, person, posting = rng.choice(done)
        items.append((recruiters[len(items) % 2], person, posting))
    rng.shuffle(items)
    return items


def start_worker(env: dict) -> subprocess.Popen:
    log = open(LOG, "wb")  # noqa: SIM115 - lives as long as the worker
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "attract", "worker", "--pool=prefork", "--concurrency=4"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    time.sleep(6)  # no readiness line at WARNING: give it the time it takes on this machine
    if worker.poll() is not None:
        raise SystemExit(f"the Celery worker did not start: see {LOG}")
    return worker


def start_server(env: dict, port: int, *, workers: int, nice: int = 0) -> subprocess.Popen:
    command = [str(Path(PYTHON).parent / "gunicorn"), "attract.wsgi", "--workers", str(workers)]
    command += ["--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(
        ["nice", "-n", str(nice), *command] if nice else command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return wait_until_serving(server, port, stop=stop)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds(session: int | None = None) -> float:
    """CPU seconds (user + system) used so far by the processes of one session (a process started
    with start_new_session), or by the whole machine when session is None."""
    ticks = os.sysconf("SC_CLK_TCK")
    if session is None:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()[1:]
        busy = sum(int(v) for v in fields) - int(fields[3]) - int(fields[4])  # less idle and iowait
        return busy / ticks
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2 :].split()  # fields after the command name
        if int(rest[3]) == session:
            total += int(rest[11]) + int(rest[12])  # utime, stime
    return total / ticks


def percentile(ordered, share):
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exports", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    env = dict(os.environ)
    base = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attract")
    if not base.startswith("postgres"):
        print("bench/export.py needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    port, linkedin_port, recruiter_port = free_port(), free_port(), free_port()
    site, linkedin = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{linkedin_port}"
    env["DATABASE_URL"] = with_database(base, "attract_bench_export")
    env["CELERY_BROKER_URL"] = env["REDIS_URL"] = env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        SITE_URL=site,
        LINKEDIN_API_BASE=f"{linkedin}/sandbox/linkedin/api",
        LINKEDIN_OAUTH_BASE=f"{linkedin}/sandbox/linkedin",
        LINKEDIN_SANDBOX="true",  # with DEBUG off the sandbox serves only when asked for
        EMAIL_URL="consolemail://",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    try:
        import redis

        prepare(env)
        redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    except Exception as exc:  # noqa: BLE001 - say why and let `make bench` go on
        print(f"bench/export.py: cannot prepare PostgreSQL or Redis ({exc}); skipped.")
        return
    people = int(args.exports * (NEW_PEOPLE + 0.2)) + 10
    world = json.loads(in_django(env, SETUP, site, CHILD_ID, CHILD_SECRET, ORG, str(people)))
    items = plan(world, args.exports, random.Random(12))

    server = start_server(env, port, workers=2)
    # LinkedIn's servers are not on Attract's machine: here they share its 2 cores. Its API (the export
    # fetch) answers as LinkedIn's would, on a server of its own; its Recruiter screens, where the
    # clients press Export, run niced, so they send as fast as what Attract leaves of the CPU allows
    # rather than starving Attract (and LinkedIn's own API) of it.
    sandbox = start_server(env, linkedin_port, workers=1)
    recruiter = start_server(env, recruiter_port, workers=2, nice=10)
    worker = start_worker(env)
    answers, lock = {}, threading.Lock()
    queue = list(enumerate(items))

    def client():
        sessions = {seat: Sandbox(recruiter_port, pk) for seat, pk in world["seats"].items()}
        while True:
            with lock:
                if not queue:
                    return
                _, (seat, person, posting) = queue.pop(0)
            fields = {"job": posting, "emails": world["emails"].get(person, "")}
            status, _ = sessions[seat].post(f"/sandbox/linkedin/recruiter/people/{person}/export/", fields)
            with lock:
                answers[status] = answers.get(status, 0) + 1

    try:
        print(
            f"1-click export benchmark: {args.exports} exports by {args.clients} loopback clients through "
            f"the sandbox's Recruiter; Attract on gunicorn 2x4, the sandbox on gunicorn 2x4 (nice 10), "
            "Celery worker prefork 4, PostgreSQL, Redis; "
            f"{os.cpu_count()} CPUs (shared with other work on this machine)"
        )
        parts = {"server": server.pid, "worker": worker.pid, "api": sandbox.pid, "recruiter": recruiter.pid}
        parts["all"] = None
        cpu_before = {part: cpu_seconds(session) for part, session in parts.items()}
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sent_seconds = time.monotonic() - started
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            report = json.loads(in_django(env, REPORT))
            if report["settled"] >= report["events"] or time.monotonic() > deadline:
                break
            time.sleep(2)
        cpu = {part: cpu_seconds(session) - cpu_before[part] for part, session in parts.items()}
    finally:
        stop(worker)
        stop(recruiter)
        stop(sandbox)
        stop(server)

    latencies = report["latencies"]
    print(
        f"sent: {args.exports} Export presses in {sent_seconds:.1f} s ({args.exports / sent_seconds:.1f}/s); "
        f"sandbox answers {answers}; pushes delivered {report['pushes']}"
    )
    unsettled = report["events"] - report["settled"]
    print(f"settled: {report['settled']} of {report['events']} exports; not settled: {unsettled}")
    if report["span"]:
        rate = report["settled"] / report["span"]
        print(f"exports processed per second (first push to last settled): {rate:.1f}")
    print(
        f"push-to-Prospect latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
        "(goal p95 < 2000 ms)"
        if latencies
        else "push-to-Prospect latency: nothing settled"
    )
    if report["by_fifth"]:
        medians = ", ".join(f"{value * 1000:.0f}" for value in report["by_fifth"])
        print(f"  median latency of each fifth of the run, in push order: {medians} ms")
    for result, n in sorted(report["results"].items(), key=lambda pair: -pair[1]):
        print(f"  {n:4}  {result}")
    print(
        f"duplicates: candidates {report['dup_candidates']}, applications {report['dup_applications']}, "
        f"a member accepted twice into one job {report['accepted_twice']} (goal 0 each)"
    )
    print(f"Attract's pushes by status: {report['push_statuses']}")
    per_export = {part: seconds * 1000 / args.exports for part, seconds in cpu.items()}
    print(
        f"CPU per export: Attract's gunicorn {per_export['server']:.0f} ms, Celery worker "
        f"{per_export['worker']:.0f} ms; the sandbox (LinkedIn): API {per_export['api']:.0f} ms, Recruiter "
        f"screens {per_export['recruiter']:.0f} ms; "
        f"whole machine {per_export['all']:.0f} ms (PostgreSQL, Redis, "
        "the clients and the report's polling included)"
    )
    import redis

    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    drop(env)


if __name__ == "__main__":
    main()
