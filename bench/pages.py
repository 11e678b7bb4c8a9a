"""Benchmark: the recruiter's busiest pages on a small and on a large data set.

In one run, on a throw-away database, it builds
  small: a job with 50 applications across its stages, a candidate with 5 notes, ~50 candidates;
  large: a job with 5,000 applications across its stages, a candidate with 200 notes and ~30 pipeline
         events on 8 jobs, 10,000 candidates in all (some on jobs the recruiter is not on);
then requests, as the recruiter on those jobs (Django's test Client, so the time is the server's),
the pipeline page /jobs/<pk>/, the candidate profile /candidates/<pk>/ and its activity tab
/candidates/<pk>/activity/, and candidate search /candidates/?q=..., each --rounds times. It prints the
median time and the query count of each, for small and large, and the large/small ratios.
Goals: the same query count on both, and a time ratio of at most 1.5. It prints; it never asserts.

The two sets live in two databases (the large one holds the small set too, as it would after growth),
and the timed requests alternate between them, small then large, each after one untimed request on the
freshly switched connection: on a shared machine a burst of load then slows both sides alike instead
of whichever happened to be measured during it.

    .venv/bin/python bench/pages.py [--rounds 31]

SQLite files in a temporary directory by default. When DATABASE_URL points at PostgreSQL, the script
creates its own databases <name>_bench_pages and <name>_bench_pages_large on that server and drops them
at the end.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="attract-bench-pages-")
GOAL_RATIO = 1.5
SEARCH = "Jansen"  # one of the demo last names: a few matches in small, a few hundred in large


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_admin(url: str):
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True)


def prepare_environment() -> tuple[str, str | None, dict]:
    """Point Django at throw-away databases before it loads; returns (label, PostgreSQL URL or None,
    the database NAME of each set)."""
    given = os.environ.get("DATABASE_URL", "")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["MEDIA_ROOT"] = str(Path(WORKDIR) / "media")
    os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")
    if given.startswith(("postgres://", "postgresql://")):
        base = urlsplit(given).path.lstrip("/") or "attract"
        url = with_database(given, f"{base}_bench_pages")
        names = {"small": f"{base}_bench_pages", "large": f"{base}_bench_pages_large"}
        with postgres_admin(url) as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return f"PostgreSQL (databases {', '.join(names.values())}, dropped afterwards)", url, names
    names = {size: str(Path(WORKDIR) / f"{size}.sqlite3") for size in ("small", "large")}
    os.environ["DATABASE_URL"] = f"sqlite:///{names['small']}"
    return "SQLite (files in a temporary directory)", None, names


def use_database(name: str) -> None:
    """Switch the default connection to another of the bench's databases (it reconnects lazily)."""
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name


def active_rows(count, *, owner, rng):
    from django.utils import timezone

    from attract.demo import builders

    rows = builders.scaled_job_rows(count, owner=owner, rng=rng)
    for row in rows:
        row.update(status="ACTIVE", visibility="PUBLIC", activated_at=timezone.now())
    return rows


def build_small(users, rng):
    from attract.demo import builders
    from candidates.models import Candidate
    from jobs.models import JobRole

    team = [
        (users["recruiter"], JobRole.Role.RECRUITER),
        (users["manager"], JobRole.Role.HIRING_MANAGER),
        (users["interviewer"], JobRole.Role.INTERVIEWER),
    ]
    (job,) = builders.create_jobs(active_rows(1, owner=users["recruiter"], rng=rng), team=team)
    people = builders.create_candidates(49, rng=rng)
    # The searched name among them a few times, as in any team's data (50 random people may hold none).
    for searched in people[:3]:
        searched.last_name = SEARCH
    Candidate.objects.bulk_update(people[:3], ["last_name"])
    builders.create_applications([(person, job) for person in people], rng=rng, by=users["recruiter"])
    (person,) = builders.create_candidates(1, rng=rng)
    builders.create_applications([(person, job)], rng=rng, by=users["recruiter"], rejected_share=0)
    builders.create_notes(person, 5, authors=[users["recruiter"], users["manager"]], rng=rng)
    return {"job": job, "candidate": person, "team": team}


def build_large(users, rng, small):
    from attract.demo import builders
    from candidates.models import Application, Candidate
    from jobs.models import JobRole

    recruiter, team = users["recruiter"], small["team"]
    (job,) = builders.create_jobs(active_rows(1, owner=recruiter, rng=rng), team=team)
    people = builders.create_candidates(4999, rng=rng)
    builders.create_applications([(person, job) for person in people], rng=rng, by=recruiter)

    others = builders.create_jobs(active_rows(8, owner=recruiter, rng=rng), team=team)
    outsider = users["outsider"]
    elsewhere = builders.create_jobs(
        active_rows(2, owner=outsider, rng=rng), team=[(outsider, JobRole.Role.RECRUITER)]
    )
    (person,) = builders.create_candidates(1, rng=rng)
    # Far along on every job, so that the candidate's timeline is long.
    builders.create_applications(
        [(person, j) for j in [job, *others]],
        rng=rng,
        by=recruiter,
        rejected_share=0.3,
        stage_weights={"INTERVIEW": 1, "OFFER": 1},
    )
    builders.create_notes(person, 200, authors=[recruiter, users["manager"]], rng=rng)
    builders.create_feedback(
        Application.objects.filter(candidate=person)[:6], interviewers=[users["interviewer"]], rng=rng
    )
    rest = 10_000 - Candidate.objects.count()
    mine, theirs = rest * 4 // 5, rest - rest * 4 // 5
    fill = builders.create_candidates(rest, rng=rng)
    pairs = [(p, others[n % len(others)]) for n, p in enumerate(fill[:mine])]
    pairs += [(p, elsewhere[n % len(elsewhere)]) for n, p in enumerate(fill[mine : mine + theirs])]
    builders.create_applications(pairs, rng=rng, by=recruiter)
    return {"job": job, "candidate": person}


def count_queries(client, url):
    """(query count, status) of one GET url, after two untimed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
    if response.status_code != 200:
        return None, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: the next request clears the log
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print(f"-- {url}: {query_count} queries")
        for query in queries:
            print("   ", query["sql"][:160])
    return query_count, 200


def measure(sides, page, rounds):
    """{size: (median ms, p90 ms, query count, status)} of one page, the sizes taking turns.

    sides: {size: (database name, signed-in client, URL)}."""
    results, samples = {}, {size: [] for size in sides}
    for size, (name, client, url) in sides.items():
        use_database(name)
        try:
            results[size] = count_queries(client, url)
        except Exception as exc:  # noqa: BLE001 - a page not built yet must not stop the others
            results[size] = (None, f"{type(exc).__name__}: {exc}"[:120])
    if any(status != 200 for _, status in results.values()):
        return {size: (None, None, None, status) for size, (_, status) in results.items()}
    for _ in range(rounds):
        for size, (name, client, url) in sides.items():
            use_database(name)
            client.get(url)  # reconnects; untimed
            started = time.perf_counter()
            client.get(url)
            samples[size].append((time.perf_counter() - started) * 1000)
    figures = {}
    for size, taken in samples.items():
        taken.sort()
        figures[size] = (statistics.median(taken), taken[int(len(taken) * 0.9)], results[size][0], 200)
    return figures


def pages_of(data):
    job, person = data["job"], data["candidate"]
    return {
        "pipeline": f"/jobs/{job.pk}/",
        "profile": f"/candidates/{person.pk}/",
        "activity": f"/candidates/{person.pk}/activity/",
        "search": f"/candidates/?q={SEARCH}",
    }


def measure_all(sets, rounds):
    """sets: {size: (database name, client, data)} -> {size: {page: figures}}."""
    results = {size: {} for size in sets}
    for page in pages_of(next(iter(sets.values()))[2]):
        sides = {size: (name, client, pages_of(data)[page]) for size, (name, client, data) in sets.items()}
        for size, figures in measure(sides, page, rounds).items():
            results[size][page] = figures
    return results


def analyse(pg_url):
    if pg_url:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def report(small, large, sizes):
    print(
        f"{'page':<10} {'small ms':>9} {'p90':>7} {'queries':>8}   {'large ms':>9} {'p90':>7} {'queries':>8}"
        f"   {'time ratio':>10} {'same queries':>12}"
    )
    verdicts = []
    for page in small:
        s_ms, s_p90, s_q, s_status = small[page]
        l_ms, l_p90, l_q, l_status = large[page]
        if s_status != 200 or l_status != 200:
            print(f"{page:<10} could not be measured: small -> {s_status}, large -> {l_status}")
            verdicts.append(False)
            continue
        ratio = l_ms / s_ms
        same = s_q == l_q
        verdicts.append(same and ratio <= GOAL_RATIO)
        print(
            f"{page:<10} {s_ms:>9.1f} {s_p90:>7.1f} {s_q:>8}   {l_ms:>9.1f} {l_p90:>7.1f} {l_q:>8}"
            f"   {ratio:>10.2f} {'yes' if same else 'NO':>12}"
        )
    print(sizes)
    print(
        f"Goals (equal query counts, every time ratio <= {GOAL_RATIO}): "
        + ("met" if all(verdicts) else "NOT met")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=31, help="timed requests per page and size")
    args = parser.parse_args()
    try:
        label, pg_url, names = prepare_environment()
    except Exception as exc:  # noqa: BLE001 - say why and let `make bench` go on
        print(f"bench/pages.py: cannot prepare the PostgreSQL database ({exc}); skipped.")
        shutil.rmtree(WORKDIR, ignore_errors=True)
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    from attract.demo import demo_users
    from attract.models import User
    from candidates.models import Application, Candidate, Note, StageChange

    def signed_in_users():
        call_command("migrate", verbosity=0)
        users, _ = demo_users()
        users["outsider"] = User.objects.create(username="outsider", first_name="Otto", last_name="Side")
        client = Client()
        client.force_login(users["recruiter"])
        return users, client

    # DEBUG is off (as in production) but static files are not collected: plain static URLs.
    static = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    static.enable()
    try:
        print(f"Pages benchmark on {label}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        started = time.perf_counter()
        use_database(names["small"])
        users, small_client = signed_in_users()
        small_data = build_small(users, random.Random(7))
        analyse(pg_url)
        small_counts = (Candidate.objects.count(), Application.objects.count())
        small_notes = Note.objects.filter(candidate=small_data["candidate"]).count()
        small_size = small_data["job"].applications.count()

        use_database(names["large"])
        seeded = time.perf_counter()
        users, large_client = signed_in_users()
        rng = random.Random(7)
        large_data = build_large(users, rng, build_small(users, rng))
        analyse(pg_url)
        seed_seconds = time.perf_counter() - seeded
        person = large_data["candidate"]
        large_sizes = (
            f"large: a job with {large_data['job'].applications.count()} applications, a candidate with "
            f"{Note.objects.filter(candidate=person).count()} notes and "
            f"{StageChange.objects.filter(application__candidate=person).count()} pipeline events on "
            f"{person.applications.count()} jobs, {Candidate.objects.count()} candidates "
            f"(built in {seed_seconds:.1f} s)."
        )

        results = measure_all(
            {
                "small": (names["small"], small_client, small_data),
                "large": (names["large"], large_client, large_data),
            },
            args.rounds,
        )
        sizes = (
            f"small: a job with {small_size} applications, a candidate with {small_notes} notes, "
            f"{small_counts[0]} candidates.\n{large_sizes} Median of {args.rounds} requests per size as the "
            f"recruiter, small and large taking turns; whole run {time.perf_counter() - started:.0f} s."
        )
        report(results["small"], results["large"], sizes)
    finally:
        static.disable()
        connections.close_all()
        if pg_url:
            with postgres_admin(pg_url) as conn:
                for name in names.values():
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
