"""Benchmark: the LinkedIn history pull over real HTTP, and the candidate's LinkedIn tab.

Starts gunicorn (2 sync workers) on a loopback port against a throw-away PostgreSQL database holding
the sandbox with one Recruiter contract of --seats seats, --events InMail messages and --notes notes
spread over the last 30 days (and a stub profile per 500 messages). This process plays Attract's worker:
it pulls through LinkedInClient over HTTP from that gunicorn, as the Celery task does.

Figures:
- first pull: seconds, InMail events stored per second, calls made against the pages needed (one per
  window per seat and resource, plus one per extra page of 100; goal: equal);
- idle pull (an hour later, nothing new): calls (goal: seats x 3 resources) and rows written (goal 0);
- the tab of a candidate with 10 vs 10,000 history items (half InMail, half notes): queries (goal:
  equal) and the median time of 20 requests (goal: ratio <= 1.5).
It prints figures and never asserts.

    .venv/bin/python bench/history.py [--seats 20] [--events 100000] [--notes 20000]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/attract_bench_history (created and dropped).
"""

import argparse
import datetime as dt
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.callback import PYTHON, ROOT, drop, free_port, start_server, with_database  # noqa: E402

CONTRACT_ID = 500900
DAYS = 30
PAGE = 100


def prepare(env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)


def seed(args, now):
    """The sandbox's contract, seats, members, threads, messages, notes and stubs; Attract connected to
    it with contract-level access Enabled on both sides."""
    import random

    from django.utils import timezone

    from linkedin_integration.models import LinkedInSettings, RscIntegration
    from linkedin_sandbox import models as sandbox

    rng = random.Random(13)
    organization = sandbox.Organization.objects.get(org_id=2414183)
    contract = sandbox.Contract.objects.create(
        contract_id=CONTRACT_ID, name="Bench", organization=organization
    )
    recruiters = sandbox.Member.objects.bulk_create(
        sandbox.Member(person_id=f"BenchSeat{i:03d}", first_name="Seat", last_name=f"Holder {i}")
        for i in range(args.seats)
    )
    seats = sandbox.Seat.objects.bulk_create(
        sandbox.Seat(seat_id=9800000 + i, contract=contract, member=member)
        for i, member in enumerate(recruiters)
    )
    members = sandbox.Member.objects.bulk_create(
        sandbox.Member(
            person_id=f"BenchMember{i:05d}", first_name="Member", last_name=str(i), email=f"m{i}@bench.test"
        )
        for i in range(max(1, args.events // 50))
    )
    span = DAYS * 86400 - 600

    def moment():
        return now - dt.timedelta(seconds=rng.uniform(60, span))

    threads = sandbox.InMailThread.objects.bulk_create(
        sandbox.InMailThread(
            seat=rng.choice(seats), member=rng.choice(members), subject="Bench role", created_at=now
        )
        for _ in range(max(1, args.events // 5))
    )
    batch = []
    for i in range(args.events):
        thread = threads[i % len(threads)]
        batch.append(
            sandbox.InMailMessage(
                thread=thread,
                seat=thread.seat,
                from_member=bool(i % 2),
                text=f"Message {i}",
                created_at=moment(),
            )
        )
        if len(batch) == 5000:
            sandbox.InMailMessage.objects.bulk_create(batch)
            batch = []
    sandbox.InMailMessage.objects.bulk_create(batch)
    notes = []
    for i in range(args.notes):
        at = moment()
        notes.append(
            sandbox.RecruiterNote(
                seat=rng.choice(seats), member=rng.choice(members), text=f"Note {i}",
                visibility="PRIVATE" if i % 4 == 0 else "PUBLIC", created_at=at, last_modified=at,
            )
        )  # fmt: skip
    sandbox.RecruiterNote.objects.bulk_create(notes, batch_size=5000)
    stubs = {(thread.seat_id, thread.member_id): thread for thread in threads[: max(1, args.events // 500)]}
    sandbox.MailStub.objects.bulk_create(
        sandbox.MailStub(seat_id=seat_id, member_id=member_id, email_shared=True, created_at=moment())
        for seat_id, member_id in stubs
    )
    partner = sandbox.Application.objects.get(kind="PARTNER")
    child = sandbox.Application.objects.create(
        kind="CHILD", client_id="bench-child", client_secret="bench-child-secret", name="Attract (bench)",
        parent=partner, unique_foreign_id="bench",
    )  # fmt: skip
    sandbox.Integration.objects.create(
        application=child, integration_context=contract.urn, integration_type="CSA_API", status="ENABLED"
    )
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "app_client_id": "bench-child", "app_client_secret": "bench-child-secret",
            "connected_at": timezone.now(), "contract_urn": contract.urn,
            "organization_urn": organization.urn,
        },
    )  # fmt: skip
    RscIntegration.objects.update_or_create(
        level="CONTRACT", defaults={"state": RscIntegration.State.ENABLED}
    )


def pages_needed(now) -> int:
    """What the pull must call at the least: per seat, resource and 12-hour window, one page, or as many
    pages of 100 as the window holds."""
    from linkedin_sandbox import models as sandbox

    start = now - dt.timedelta(days=DAYS)
    edges = []
    edge = start
    while edge < now:
        edges.append((edge, min(edge + dt.timedelta(hours=12), now)))
        edge = edges[-1][1]
    total = 1  # the seat holders' page
    for seat in sandbox.Seat.objects.filter(contract__contract_id=CONTRACT_ID):
        for model, field, lower in (
            (sandbox.InMailMessage, "created_at", "gte"),
            (sandbox.RecruiterNote, "last_modified", "gt"),
            (sandbox.MailStub, "created_at", "gte"),
        ):
            times = sorted(model.objects.filter(seat=seat).values_list(field, flat=True))
            for since, until in edges:
                inside = sum(
                    1
                    for t in times
                    if (t >= since if lower == "gte" else t > since)
                    and (t < until if lower == "gte" else t <= until)
                )
                total += max(1, math.ceil(inside / PAGE))
    return total


def rows_written():
    from candidates.models import Candidate
    from linkedin_integration.models import InMailEvent, MailStub, RecruiterNote

    return (
        InMailEvent.objects.count(),
        RecruiterNote.objects.count(),
        MailStub.objects.count(),
        Candidate.objects.count(),
    )


def tab_figures(items: int):
    """Queries and median time of 20 requests of the LinkedIn tab of a candidate with `items` items."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from attract import roles
    from attract.models import User
    from candidates.models import Candidate
    from linkedin_integration.models import (
        InMailEvent,
        LinkedInConnection,
        MailStub,
        MemberLink,
        RecruiterNote,
    )

    member = f"urn:li:person:BenchTab{items}"
    candidate = Candidate.objects.create(
        first_name="Tab", last_name=str(items), email=f"tab{items}@bench.test"
    )
    MemberLink.objects.create(candidate=candidate, member_urn=member, source="INMAIL")
    MailStub.objects.create(
        member_urn=member, owner_urn="urn:li:seat:9800000", candidate=candidate, created_at=timezone.now()
    )
    now = timezone.now()
    InMailEvent.objects.bulk_create(
        (
            InMailEvent(
                event_id=f"t{i}",
                thread_urn=f"urn:li:messagingThread:tab{items}-{i % 50}",
                author_urn="urn:li:seat:9800000",
                created_at=now - dt.timedelta(minutes=i),
                seat_urn="urn:li:seat:9800000" if i % 2 else "urn:li:seat:9800001",
                member_urn=member,
                text=f"Text {i}",
            )  # fmt: skip
            for i in range(items // 2)
        ),
        batch_size=5000,
    )
    RecruiterNote.objects.bulk_create(
        (
            RecruiterNote(
                note_id=10_000_000 * (items % 7 + 1) + i,
                contract_urn=f"urn:li:contract:{CONTRACT_ID}",
                owner_urn="urn:li:seat:9800000",
                member_urn=member,
                text=f"Note {i}",
                visibility="PUBLIC",
                created_at=now,
                modified_at=now - dt.timedelta(minutes=i),
            )  # fmt: skip
            for i in range(items - items // 2)
        ),
        batch_size=5000,
    )
    user = User.objects.filter(username="bench-viewer").first()
    if user is None:
        user = User.objects.create_user("bench-viewer", password="bench-pass-word")
        roles.set_roles(user, [roles.ADMINISTRATOR])
        LinkedInConnection.objects.create(
            user=user, person_urn="urn:li:person:BenchSeat000", name="Seat Holder 0"
        )
    client = Client()
    client.force_login(user)
    path = f"/candidates/{candidate.pk}/linkedin/"
    client.get(path)  # warm
    queries = []

    def counted(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(counted):
        assert client.get(path).status_code == 200
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for seconds, sql in sorted(queries, reverse=True)[:5]:
            print(f"  {seconds * 1000:6.1f} ms  {sql[:160]}")
    times = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return len(queries), statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=20_000)
    args = parser.parse_args()

    env = dict(os.environ)
    base = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attract")
    if not base.startswith("postgres"):
        print("bench/history.py needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    env["DATABASE_URL"] = with_database(base, "attract_bench_history")
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=site,
        LINKEDIN_API_BASE=f"{site}/sandbox/linkedin/api",
        LINKEDIN_OAUTH_BASE=f"{site}/sandbox/linkedin",
        LINKEDIN_SANDBOX="true",
    )
    try:
        prepare(env)
    except Exception as exc:  # noqa: BLE001 - say why and let `make bench` go on
        print(f"bench/history.py: cannot prepare PostgreSQL ({exc}); skipped.")
        return
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")
    import django

    django.setup()
    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # every view imported now, as gunicorn's workers do at start
    from django.utils import timezone

    from linkedin_integration.client import LinkedInClient
    from linkedin_integration.services.history import history_pull

    now = timezone.now()
    started = time.monotonic()
    seed(args, now)
    print(
        f"History benchmark: {args.seats} seats, {args.events} InMail messages, {args.notes} notes over "
        f"{DAYS} days (seeded in {time.monotonic() - started:.0f} s); gunicorn 2 sync workers, PostgreSQL, "
        f"{os.cpu_count()} CPUs shared with other work"
    )
    server = start_server(env, port)
    try:
        client = LinkedInClient(timeout=30)
        started = time.monotonic()
        first = history_pull(client=client, now=now)
        seconds = time.monotonic() - started
        needed = pages_needed(now)
        print(
            f"first pull: {seconds:.1f} s, {first.events} InMail events ({first.events / seconds:.0f}/s), "
            f"{first.notes} notes, {first.stubs} stubs ({first.candidates_created} candidates); "
            f"calls {first.calls}, pages needed {needed} (goal: equal); paused: {first.paused_until}; "
            f"errors: {first.errors or 'none'}"
        )
        before = rows_written()
        idle = history_pull(client=client, now=now + dt.timedelta(hours=1))
        after = rows_written()
        print(
            f"idle pull: calls {idle.calls} (goal: seats x resources = {args.seats * 3}); rows written "
            f"{sum(after) - sum(before)} (goal 0; InMail, notes, stubs, candidates: before {before}, "
            f"after {after})"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    from django.test.utils import override_settings

    # DEBUG is off (as in production) but static files are not collected: plain static URLs.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        few_queries, few_ms = tab_figures(10)
        many_queries, many_ms = tab_figures(10_000)
    print(
        f"tab: 10 items {few_queries} queries, {few_ms:.1f} ms; 10,000 items {many_queries} queries, "
        f"{many_ms:.1f} ms (goal: equal queries; time ratio {many_ms / few_ms:.2f}, goal <= 1.5)"
    )
    from django.db import connections

    connections.close_all()
    drop(env)


if __name__ == "__main__":
    main()
