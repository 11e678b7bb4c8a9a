"""Benchmark: publishing the LinkedIn Limited Listings feed from PostgreSQL.

Seeds active public jobs marked for LinkedIn (in bulk) into a throw-away PostgreSQL database, then at
10,000 and 100,000 jobs measures
  (a) publishing the feed (query, eligibility, writing, gzip copy, checksum, parse-back check,
      stamping the listings, going live): wall time, then peak memory in a separate run (tracemalloc
      slows Python, so it never runs during a timed one) and peak RSS growth. The jobs are seeded as
      "Post to LinkedIn" leaves them, with the description already reduced for the feed; "cold" is a
      publication after every cached description was invalidated (as a change of the rules does), which
      sanitises all of them again and caches them afterwards;
  (b) the floor: lxml alone serialising the same jobs from an in-memory list of dicts;
and, at the largest size, serving /linkedin/jobs.xml to a conditional request (304).
Goals: (a)/(b) <= 3, peak memory growth < 100 MB and flat across sizes, 100,000 jobs < 60 s, 304 < 10 ms.
It prints figures and never asserts.

    .venv/bin/python bench/feed.py [--sizes 10000,100000]
The script creates its own database <name>_bench_feed on the server DATABASE_URL names (default
postgres://postgres@127.0.0.1:5432/attract, so attract_bench_feed) and drops it at the end; the database
DATABASE_URL itself names is never touched.
"""

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/attract"
SUFFIX = "_bench_feed"
# Shared with the publishing child processes through the environment.
MEDIA = os.environ.setdefault("ATTRACT_BENCH_MEDIA", tempfile.mkdtemp(prefix="attract-bench-feed-"))


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def bench_url(given: str) -> str:
    """The throw-away database's URL: <name>_bench_feed on the given server, never the given database."""
    if not given.startswith(("postgres://", "postgresql://")):
        return given
    base = urlsplit(given).path.lstrip("/") or "attract"
    return with_database(given, f"{base}{SUFFIX}")


# The children inherit the derived URL through ATTRACT_BENCH_FEED_URL, so they never derive it twice.
BENCH_URL = os.environ.setdefault(
    "ATTRACT_BENCH_FEED_URL", bench_url(os.environ.get("DATABASE_URL") or DEFAULT_URL)
)
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ["MEDIA_ROOT"] = MEDIA
os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")

GOAL_RATIO = 3.0
GOAL_MEMORY_MB = 100
GOAL_MEMORY_GROWTH = 1.5  # largest size's peak against the smallest's: "flat"
GOAL_SECONDS_100K = 60
GOAL_304_MS = 10

PARAGRAPHS = [
    "We are looking for a {title} who enjoys <strong>building reliable systems</strong> and working closely "
    "with recruiters &amp; hiring managers across {city}.",
    '<h2 class="intro">What you will do</h2><ul><li>Design and run services used by thousands of people</li>'
    '<li>Review code and <a href="https://example.com/handbook">share what you learn</a></li>'
    "<li>Mentor colleagues and help shape our engineering practices</li></ul>",
    "<p>You have <em>several years</em> of experience, care about <u>quality</u>, and write clearly. "
    "<span style='color:red'>Experience with Python, PostgreSQL and lxml is a plus.</span></p>",
    "<p>We offer a hybrid way of working, learning budget, and a team that values kindness and "
    "curiosity.<br>Job {n} of our current openings.</p><script>track({n})</script>",
]
CITIES = [
    ("Amsterdam", "North Holland", "NL"),
    ("Austin", "TX", "US"),
    ("Berlin", "", "DE"),
    ("Lyon", "", "FR"),
]
WORKPLACES = ["ON_SITE", "HYBRID", "REMOTE"]
EMPLOYMENT = ["FULL_TIME", "PART_TIME", "CONTRACT", "TEMPORARY", "INTERNSHIP"]
SENIORITY = ["ENTRY_LEVEL", "ASSOCIATE", "MID_SENIOR_LEVEL", "DIRECTOR", ""]
FUNCTIONS = [["eng"], ["eng", "it"], ["sale", "mrkt", "cust", "mgmt"], []]


def mb(n_bytes: float) -> float:
    return n_bytes / (1024 * 1024)


def proc_status(field: str) -> int:
    """A memory figure of this process from /proc, in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak_rss():
    # Writing 5 to clear_refs resets VmHWM (peak RSS) on Linux >= 4.0.
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def bench_database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    # A guard against ever dropping a database this script did not name.
    if not name.endswith(SUFFIX):
        raise RuntimeError(f"refusing to create or drop {name!r}: not a {SUFFIX} database")
    return name


def recreate_database(url: str):
    import psycopg

    name = bench_database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str):
    import psycopg

    name = bench_database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(start: int, stop: int, owners):
    """Jobs start..stop-1, active, public and marked for LinkedIn, inserted in bulk."""
    from django.utils import timezone

    from jobs.models import Job
    from linkedin_integration.eligibility import description_cache
    from linkedin_integration.models import JobListing

    now = timezone.now()
    batch = 5000
    for first in range(start, stop, batch):
        jobs = []
        for n in range(first, min(first + batch, stop)):
            city, region, country = CITIES[n % len(CITIES)]
            title = f"Software Engineer {n}"
            jobs.append(
                Job(
                    code=f"J-{n:06d}",
                    title=title,
                    description="".join(p.format(title=title, city=city, n=n) for p in PARAGRAPHS),
                    city=city,
                    region=region,
                    country=country,
                    postal_code=f"{1000 + n % 9000}",
                    workplace_type=WORKPLACES[n % 3],
                    employment_type=EMPLOYMENT[n % 5],
                    seniority=SENIORITY[n % 5],
                    job_functions=FUNCTIONS[n % 4],
                    industry=[4, 96, None][n % 3],
                    salary_min=50000 + n % 1000 if n % 2 else None,
                    salary_max=70000 + n % 1000 if n % 2 else None,
                    salary_currency="EUR" if n % 2 else "",
                    salary_period="YEARLY" if n % 2 else "",
                    salary_public=n % 4 == 1,
                    status=Job.Status.ACTIVE,
                    visibility=Job.Visibility.PUBLIC,
                    owner=owners[n % len(owners)],
                    activated_at=now,
                )
            )
        created = Job.objects.bulk_create(jobs)
        # As "Post to LinkedIn" leaves them: marked, the description reduced for the feed once.
        JobListing.objects.bulk_create(
            JobListing(
                job=job, marked=True, marked_by=job.owner, marked_at=now, **description_cache(job.description)
            )
            for job in created
        )


def publish_in_child(traced: bool) -> dict:
    """Publish once in a fresh process, so its RSS growth is the publication's own (not the seeding's)."""
    command = [sys.executable, __file__, "--child"] + (["--traced"] if traced else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"publishing child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(traced: bool):
    """One publication, measured: wall time, tracemalloc peak (traced runs only), peak RSS growth."""
    import django

    django.setup()
    from linkedin_integration.models import FeedPublication
    from linkedin_integration.services.feed import feed_publish

    FeedPublication.objects.exists()  # connect and load the models before the baseline
    gc.collect()
    rss_before = proc_status("VmRSS")
    reset_peak_rss()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    publication = feed_publish(trigger=FeedPublication.Trigger.COMMAND)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else 0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "traced_peak": traced_peak,
                "rss_growth": max(proc_status("VmHWM") - rss_before, 0),
                "job_count": publication.job_count,
                "size_bytes": publication.size_bytes,
                "status": publication.status,
                "error": publication.error,
            }
        )
    )


def phase_breakdown() -> dict:
    """Seconds spent in each step of one publication (timers wrapped around the steps)."""
    from linkedin_integration import feed
    from linkedin_integration.models import FeedPublication
    from linkedin_integration.services import feed as service

    spent = {}
    originals = []

    def timed(module, name, label):
        original = getattr(module, name)
        originals.append((module, name, original))

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(module, name, wrapper)

    timed(service, "build_feed", "build (all)")
    timed(feed, "sanitise_description", "sanitise")
    timed(feed, "write_job", "write")
    timed(service, "check_feed", "parse-back check")
    timed(service, "_record_listings", "stamp listings")
    started = time.perf_counter()
    try:
        service.feed_publish(trigger=FeedPublication.Trigger.COMMAND)
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    spent["total"] = time.perf_counter() - started
    return spent


def floor_serialise(count: int, path: str):
    """(b) lxml alone: the same jobs, already prepared as dicts in memory, serialised to a file."""
    from django.utils import timezone
    from lxml import etree

    from linkedin_integration.eligibility import sanitise_description
    from linkedin_integration.feed import header_bytes, job_values, marked_job_rows, write_job

    jobs = []
    for row in marked_job_rows():
        # As the publication writes it: the listing's cached copy (row[3] is None), else sanitised now.
        description = row[23] if row[3] is None else sanitise_description(row[3])[0]
        assert description, f"job {row[1]} has no description to serialise"
        jobs.append(
            job_values(
                row,
                company_name="Contoso Bench",
                company_id="2414183",
                site_url="http://127.0.0.1:8000",
                description=description,
            )
        )
    assert len(jobs) == count, len(jobs)
    gc.collect()
    started = time.perf_counter()
    with open(path, "wb") as fh:
        fh.write(header_bytes(now=timezone.now(), site_url="http://127.0.0.1:8000", job_count=count))
        with etree.xmlfile(fh, encoding="utf-8") as xf, xf.element("source"):
            for values in jobs:
                write_job(xf, values)
    return time.perf_counter() - started


def time_conditional_get(publication, rounds=300):
    from django.test import Client

    client = Client()
    etag = f'"{publication.sha256}"'
    for _ in range(20):
        assert client.get("/linkedin/jobs.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get("/linkedin/jobs.xml", HTTP_IF_NONE_MATCH=etag)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 304
    samples.sort()
    full_started = time.perf_counter()
    response = client.get("/linkedin/jobs.xml", HTTP_ACCEPT_ENCODING="gzip")
    gz_bytes = sum(len(chunk) for chunk in response.streaming_content)
    full_ms = (time.perf_counter() - full_started) * 1000
    return statistics.median(samples), samples[int(len(samples) * 0.95)], full_ms, gz_bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated job counts (ascending)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.traced)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    url = BENCH_URL
    if not url.startswith(("postgres://", "postgresql://")):
        print(f"bench/feed.py needs PostgreSQL (DATABASE_URL={url}); skipped.")
        return
    try:
        recreate_database(url)
    except Exception as exc:  # noqa: BLE001 - say why and leave `make bench` running the others
        print(f"bench/feed.py: PostgreSQL is not available at {url} ({exc}); skipped.")
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from attract.models import User
    from linkedin_integration.models import FeedPublication, JobListing, LinkedInSettings

    try:
        call_command("migrate", verbosity=0)
        LinkedInSettings.objects.update_or_create(
            pk=1, defaults={"company_name": "Contoso Bench", "company_id": "2414183"}
        )
        owners = [
            User.objects.create(username=f"bench{i}", email=f"recruiter{i}@contoso.example")
            for i in range(20)
        ]
        print(f"Feed benchmark on PostgreSQL, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(
            f"{'jobs':>8} {'publish s':>10} {'jobs/s':>9} {'floor s':>8} {'ratio':>6} {'again s':>8} "
            f"{'ratio':>6} {'cold s':>7} {'py peak MB':>10} {'RSS peak+ MB':>12} {'file MB':>8}"
        )
        print(
            "  (publish: first publication after seeding, stamping every listing; again: the next day's;"
            " cold: every description sanitised again)"
        )
        seeded = 0
        results = []
        for size in sizes:
            started = time.perf_counter()
            seed(seeded, size, owners)
            seeded = size
            seed_seconds = time.perf_counter() - started
            with connections["default"].cursor() as cursor:
                cursor.execute("ANALYZE")
            first = publish_in_child(traced=False)
            again = publish_in_child(traced=False)
            JobListing.objects.update(description_key="")
            cold = publish_in_child(traced=False)
            traced = publish_in_child(traced=True)
            for run in (first, again, cold):
                if run["error"]:
                    print(f"publication failed: {run['error']}")
            floor = floor_serialise(size, os.path.join(MEDIA, "floor.xml"))
            seconds = first["seconds"]
            ratio = seconds / floor
            rss_growth = max(first["rss_growth"], again["rss_growth"], cold["rss_growth"])
            results.append(
                (size, seconds, floor, ratio, traced["traced_peak"], rss_growth, cold["seconds"] / floor)
            )
            print(
                f"{size:>8} {seconds:>10.2f} {size / seconds:>9.0f} {floor:>8.2f} {ratio:>6.2f} "
                f"{again['seconds']:>8.2f} {again['seconds'] / floor:>6.2f} {cold['seconds']:>7.2f} "
                f"{mb(traced['traced_peak']):>10.1f} {mb(rss_growth):>12.1f} {mb(first['size_bytes']):>8.1f}"
                f"   (seeded in {seed_seconds:.1f} s; {first['job_count']} published)"
            )
        spent = phase_breakdown()
        print(
            f"Where a publication of {sizes[-1]} jobs spends its time (timers on, so a little slower): "
            + ", ".join(f"{label} {value:.2f} s" for label, value in spent.items())
            + f"; floor (lxml alone) {results[-1][2]:.2f} s"
        )
        median_ms, p95_ms, full_ms, gz_bytes = time_conditional_get(FeedPublication.objects.live())
        print(
            f"GET /linkedin/jobs.xml with If-None-Match at {sizes[-1]} jobs: 304 in {median_ms:.2f} ms "
            f"median, {p95_ms:.2f} ms p95 (goal < {GOAL_304_MS} ms); full gzip answer {mb(gz_bytes):.1f} MB "
            f"in {full_ms:.0f} ms"
        )
        size, seconds, _, ratio, _, rss_growth, cold_ratio = results[-1]
        smallest = results[0]
        print(
            "Goals: ratio <= {:.0f}: {} ({:.2f}; cold run {:.2f}: {}); {} jobs < {} s: {} ({:.1f} s)".format(
                GOAL_RATIO,
                "met" if ratio <= GOAL_RATIO else "NOT met",
                ratio,
                cold_ratio,
                "met" if cold_ratio <= GOAL_RATIO else "NOT met",
                size,
                GOAL_SECONDS_100K,
                "met" if seconds < GOAL_SECONDS_100K else "NOT met",
                seconds,
            )
        )
        for label, index in (("python (tracemalloc) peak", 4), ("RSS peak growth", 5)):
            small_mb, large_mb = mb(smallest[index]), mb(results[-1][index])
            growth = large_mb / small_mb if small_mb else float("inf")
            under = small_mb < GOAL_MEMORY_MB and large_mb < GOAL_MEMORY_MB
            flat = growth <= GOAL_MEMORY_GROWTH
            print(
                f"Memory, {label}: {small_mb:.1f} MB at {smallest[0]}, {large_mb:.1f} MB at {size} "
                f"({growth:.2f}x); under {GOAL_MEMORY_MB} MB: {'met' if under else 'NOT met'}; "
                f"flat (<= {GOAL_MEMORY_GROWTH}x): {'met' if flat else 'NOT met'}"
            )
    finally:
        connections.close_all()
        drop_database(url)
        shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
