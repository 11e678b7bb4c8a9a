"""Benchmark: the In-ATS push (services/sync) against the sandbox over real HTTP.

For each size (1,000 and 10,000 candidates unless --sizes says otherwise) it creates a throw-away
PostgreSQL database, seeds it in a separate process (candidates, three applications each, and about
ten stage, note and feedback records per candidate: 10,000 / 30,000 / 100,000 at the larger size),
starts gunicorn (4 workers of 2 threads, so that it keeps connections alive as LinkedIn's API does)
serving the sandbox on loopback, and runs, in a process of its own,
the sync Attract's worker would run, with pacing off:

- the backfill: records sent per kind, records/s on Attract's side (wall time minus the time spent
  waiting for the sandbox's answers) and overall, calls made per resource beside ceil(records/100),
  and the contract's floor (a notes, stages or feedback call carries one parent's records, the parent's
  key being in the path: its floor is ceil(n/100) summed over the parents), and the process's peak
  memory;
- an incremental run after 100 changes (50 candidates edited, 50 notes written): the same figures;
- an idle run (nothing changed): LinkedIn calls (goal 0) and database queries (goal: the same at
  every size).

    .venv/bin/python bench/sync.py [--sizes 1000,10000] [--no-records]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/attract_bench_sync (created and dropped).
It prints figures and never asserts.
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.callback import free_port, wait_until_serving, with_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
CHILD_ID, CHILD_SECRET = "bench-sync-child", "bench-sync-child-secret"
ORG_ID = 2414183
ORG = f"urn:li:organization:{ORG_ID}"
JOBS = 100


def recreate(env: dict, *, drop_only=False) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def start_server(env: dict, port: int) -> subprocess.Popen:

    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "attract.wsgi",
            "--workers",
            "4",
            # Threads make gunicorn's worker keep connections alive between calls, as LinkedIn's API does.
            "--threads",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # 100 compound keys in a query string pass 4 KB (gunicorn's default limit): Rest.li's own.
            "--limit-request-line",
            "0",
        ],
        cwd=ROOT,
        env=env,
    )
    return wait_until_serving(server, port)


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")
    django.setup()


# Seeding (its own process, so that the measured process's peak memory is the sync's)


def seed(candidates: int, records: bool = True) -> None:
    setup_django()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from candidates.models import Application, Candidate, InterviewFeedback, Note, StageChange
    from jobs.models import Job, Stage, StageKind
    from linkedin_integration.models import LinkedInSettings, RscIntegration
    from linkedin_sandbox.models import Application as SandboxApp
    from linkedin_sandbox.models import Integration

    user = get_user_model().objects.create(username="bench", first_name="Rita", last_name="Book")
    jobs = Job.objects.bulk_create(
        Job(
            code=f"J-{i:06d}",
            title=f"Engineer {i}",
            description="<p>Build things.</p>",
            city="Amsterdam",
            country="NL",
            status=Job.Status.ACTIVE,
            owner=user,
        )
        for i in range(JOBS)
    )
    names = [("Application", StageKind.APPLICATION), ("Screen", StageKind.CUSTOM), ("Offer", StageKind.OFFER)]
    stages = Stage.objects.bulk_create(
        Stage(job=job, name=name, kind=kind, position=p)
        for job in jobs
        for p, (name, kind) in enumerate(names)
    )
    entry = {stage.job_id: stage for stage in stages if stage.kind == StageKind.APPLICATION}
    screen = {stage.job_id: stage for stage in stages if stage.name == "Screen"}
    chunk = 2000
    for start in range(0, candidates, chunk):
        batch = Candidate.objects.bulk_create(
            Candidate(
                first_name=f"First{i}",
                last_name=f"Last{i}",
                email=f"c{i}@example.org",
                phone="+31 20 000",
                city="Utrecht",
                country="NL",
                current_company="Initech",
                current_title="Developer",
            )
            for i in range(start, min(start + chunk, candidates))
        )
        applications = Application.objects.bulk_create(
            Application(
                candidate=c, job=jobs[(c.pk * 3 + k) % JOBS], stage=entry[jobs[(c.pk * 3 + k) % JOBS].pk]
            )
            for c in batch
            for k in range(3)
        )
        # Ten records a candidate: two stage changes on two applications, three notes, three feedback.
        changes, notes, feedback = [], [], []
        for n, application in enumerate(applications):
            if n % 3 != 2:
                changes.append(
                    StageChange(application=application, kind="CREATED", to_stage=entry[application.job_id])
                )
                changes.append(
                    StageChange(application=application, kind="MOVED", to_stage=screen[application.job_id])
                )
            notes.append(
                Note(
                    candidate_id=application.candidate_id,
                    application=application,
                    author=user,
                    body="Good call.",
                )
            )
            feedback.append(
                InterviewFeedback(application=application, interviewer=user, rating=4, recommendation="YES")
            )
        if records:
            StageChange.objects.bulk_create(changes)
            Note.objects.bulk_create(notes)
            InterviewFeedback.objects.bulk_create(feedback)
    # Everything was written a minute ago (the sync reads only what lies behind its safety margin).
    past = timezone.now() - dt.timedelta(minutes=1)
    for model in (Job, Candidate, Application, StageChange, Note, InterviewFeedback):
        model.objects.update(updated_at=past)
    partner = SandboxApp.objects.get(kind="PARTNER")
    child = SandboxApp.objects.create(
        kind="CHILD", client_id=CHILD_ID, client_secret=CHILD_SECRET, name="Bench", parent=partner
    )
    Integration.objects.create(
        application=child, integration_context=ORG, integration_type="IN_ATS_INDICATOR", status="ENABLED"
    )
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "app_client_id": CHILD_ID,
            "app_client_secret": CHILD_SECRET,
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": "urn:li:contract:500100",
        },
    )
    RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": "ENABLED"})


# Measuring (its own process)


RESOURCES = (
    "simpleJobPostings",
    "simpleJobPostingTasks",
    "atsCandidates",
    "atsApplications",
    "notes",
    "stages",
    "interviewFeedback",
)
SUB_RESOURCES = ("notes", "stages", "interviewFeedback")
# Which kinds' records each resource carries.
RESOURCE_KINDS = {
    "simpleJobPostings": ["JOBS"],
    "atsCandidates": ["CANDIDATES", "MEMBER_LINKS", "MEMBER_UNLINKS", "REMOVED_CANDIDATES"],
    "atsApplications": ["APPLICATIONS", "REMOVED_APPLICATIONS"],
    "notes": ["CANDIDATE_NOTES", "APPLICATION_NOTES"],
    "stages": ["STAGES"],
    "interviewFeedback": ["FEEDBACK"],
}


class CallCounter:
    """Counts the calls per resource, and the wall time during which at least one call was in flight
    (calls overlap: sub-resource calls go in parallel)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def install(self):
        from linkedin_integration.client.transport import Transport

        send, counter = Transport.send, self

        def counted(transport, method, url, **kwargs):
            parts = urlsplit(url)
            path = parts.path.rstrip("/")
            counter.enter()
            try:
                return send(transport, method, url, **kwargs)
            finally:
                resource_name = "/api/v2/" in path and path.rsplit("/", 1)[-1]
                if resource_name in SUB_RESOURCES:
                    # The parent's key is in the path: records of one parent per call at most.
                    parent = path.rsplit("/", 1)[0]
                    counter.carried(resource_name, parent, parts.query.count("ids="))
                counter.leave(resource_name)

        Transport.send = counted

    def enter(self):
        with self.lock:
            if self.active == 0:
                self.since = time.perf_counter()
            self.active += 1

    def leave(self, resource_name):
        with self.lock:
            self.active -= 1
            if self.active == 0:
                self.waiting += time.perf_counter() - self.since
            if resource_name:
                self.calls[resource_name] += 1

    def carried(self, resource_name, parent, records):
        with self.lock:
            self.parents[resource_name][parent] += records

    def floor(self, resource_name, records):
        """The fewest calls the contract allows: ceil(records/100), or for a sub-resource, whose call
        carries one parent's records, ceil(n/100) summed over the parents."""
        if resource_name not in SUB_RESOURCES:
            return math.ceil(records / 100)
        return sum(math.ceil(n / 100) for n in self.parents[resource_name].values())

    def reset(self):
        self.calls, self.waiting, self.active, self.since = Counter(), 0.0, 0, 0.0
        self.parents = defaultdict(Counter)


def run_sync(counter):
    from linkedin_integration.services.sync import sync_push

    counter.reset()
    started, cpu = time.perf_counter(), time.process_time()
    report = sync_push()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    records = {kind: kind_report.sent for kind, kind_report in report.kinds.items()}
    total = sum(records.values())
    attract = max(wall - counter.waiting, 1e-9)  # no call in flight: Attract working
    per_resource = {}
    for name in RESOURCES:
        sent = sum(records.get(kind, 0) for kind in RESOURCE_KINDS.get(name, []))
        per_resource[name] = {
            "records": sent,
            "calls": counter.calls.get(name, 0),
            "ceil": math.ceil(sent / 100),
            "floor": counter.floor(name, sent),
        }
    refused = sum(kind_report.refused for kind_report in report.kinds.values())
    return {
        "records": total,
        "refused": refused,
        "wall_s": round(wall, 2),
        "waiting_s": round(counter.waiting, 2),
        "attract_records_per_s": round(total / attract),
        "attract_cpu_s": round(cpu, 2),
        "attract_records_per_cpu_s": round(total / cpu) if cpu else 0,
        "overall_records_per_s": round(total / wall) if wall else 0,
        "resources": per_resource,
        "stopped": report.stopped,
    }


def measure() -> dict:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from candidates.models import Application, Candidate, Note

    counter = CallCounter()
    counter.install()
    backfill = run_sync(counter)
    peak_after_backfill = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    for candidate in Candidate.objects.order_by("?")[:50]:
        candidate.current_title = "Senior Developer"
        candidate.save()
    user = Candidate.objects.none().model._meta.apps.get_model("attract", "User").objects.first()
    for application in Application.objects.order_by("?")[:50]:
        Note.objects.create(
            candidate_id=application.candidate_id, application=application, author=user, body="New."
        )
    time.sleep(float(os.environ["LINKEDIN_SYNC_SAFETY_SECONDS"]) + 0.5)
    incremental = run_sync(counter)

    counter.reset()
    with CaptureQueriesContext(connection) as queries:
        run_sync(counter)
    idle = {"calls": sum(counter.calls.values()), "queries": len(queries)}
    return {
        "backfill": backfill,
        "incremental": incremental,
        "idle": idle,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_rss_after_backfill_mb": peak_after_backfill,
        "at": timezone.now().isoformat(),
    }


def one_size(base_env: dict, candidates: int, records: bool = True) -> dict:
    env = dict(base_env)
    port = free_port()
    env.update(
        SITE_URL=f"http://127.0.0.1:{port}",
        LINKEDIN_API_BASE=f"http://127.0.0.1:{port}/sandbox/linkedin/api",
        LINKEDIN_OAUTH_BASE=f"http://127.0.0.1:{port}/sandbox/linkedin",
    )
    recreate(env)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    seeding = [PYTHON, __file__, "--seed", str(candidates)] + ([] if records else ["--no-records"])
    subprocess.run(seeding, env=env, cwd=ROOT, check=True)
    server = start_server(env, port)
    try:
        answer = subprocess.run(
            [PYTHON, __file__, "--measure"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    recreate(env, drop_only=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def show(size: int, figures: dict) -> None:
    print(f"\n== {size:,} candidates ==")
    for phase in ("backfill", "incremental"):
        run = figures[phase]
        print(
            f"{phase}: {run['records']:,} records ({run['refused']} refused) in {run['wall_s']} s "
            f"(waiting for the sandbox {run['waiting_s']} s): "
            f"Attract side {run['attract_records_per_s']:,} records/s (goal >= 2,000); "
            f"{run['attract_records_per_cpu_s']:,} records per CPU second of the sync's process "
            f"(its threads' work while calls are in flight included); overall "
            f"{run['overall_records_per_s']:,} records/s"
        )
        for name, row in run["resources"].items():
            if row["records"] or row["calls"]:
                print(
                    f"    {name:<22} records {row['records']:>7,}  calls {row['calls']:>7,}  "
                    f"ceil(records/100) {row['ceil']:>6,}  contract's floor {row['floor']:>7,}"
                )
    print(
        "    (a sub-resource call carries one parent's records: the contract puts the application's or "
        "candidate's key in the path, so its floor is ceil(n/100) summed over the parents)"
    )
    print(
        f"idle run: {figures['idle']['calls']} LinkedIn calls (goal 0), {figures['idle']['queries']} queries"
    )
    print(f"peak memory (RSS of the sync process): {figures['peak_rss_mb']} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int)
    parser.add_argument(
        "--no-records",
        action="store_true",
        help="candidates and applications only (no stages, notes, feedback): a quicker size comparison",
    )
    parser.add_argument("--measure", action="store_true")
    args = parser.parse_args()
    if args.seed is not None:
        seed(args.seed, records=not args.no_records)
        return
    if args.measure:
        print(json.dumps(measure()))
        return

    env = dict(os.environ)
    base = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attract")
    if not base.startswith("postgres"):
        print("bench/sync.py needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    env["DATABASE_URL"] = with_database(base, "attract_bench_sync")
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        LINKEDIN_SYNC_RECORDS_PER_MINUTE="0",
        LINKEDIN_SYNC_SAFETY_SECONDS="0.5",
        LINKEDIN_SANDBOX="true",  # with DEBUG off the sandbox serves only when asked for
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        "In-ATS sync benchmark: the sync in its own process, the sandbox on gunicorn (4x2, keep-alive), "
        "PostgreSQL, pacing off"
    )
    results = {}
    for size in sizes:
        results[size] = one_size(env, size, records=not args.no_records)
        show(size, results[size])
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(
            f"\nidle queries at {sizes[0]:,} and {sizes[-1]:,} candidates: {small['idle']['queries']} and "
            f"{large['idle']['queries']} (goal: equal); peak memory {small['peak_rss_mb']} MB and "
            f"{large['peak_rss_mb']} MB (goal: within 50 MB)"
        )


if __name__ == "__main__":
    main()
