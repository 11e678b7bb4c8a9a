"""manage.py sync_linkedin [--dry-run]: the LinkedIn data sync the Celery tasks run, step by step.

Each step is a (name, function) in STEPS; a step takes the command and dry_run. The push (In-ATS)
comes first, then the history pull."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from linkedin_integration.models import SyncResource
from linkedin_integration.services.sync import sync_pending, sync_push, sync_stopped_reason


def push_step(command, *, dry_run: bool) -> None:
    """Send what changed to LinkedIn's In-ATS resources, with a progress bar per kind."""
    stopped = sync_stopped_reason()
    if stopped:
        command.stdout.write(f"Push: not run. {stopped}")
        return
    resources = {row.kind: row for row in SyncResource.objects.all()}
    if dry_run:
        for kind, label in SyncResource.Kind.choices:
            pending = sync_pending(resources.get(kind), kind)
            shown = "everything of the last 2 years (first run)" if pending is None else pending
            command.stdout.write(f"Push {label}: would send {shown}")
        return
    bars: dict[str, tqdm] = {}

    def progress(kind, resource, count):
        bar = bars.get(kind)
        if bar is None:
            total = resource.backfill_total if resource.backfill_done_at is None else None
            bar = bars[kind] = tqdm(
                total=total or None,
                initial=resource.backfill_sent if total else 0,
                desc=SyncResource.Kind(kind).label,
                unit="rec",
                file=command.stderr,
                leave=True,
            )
        bar.update(count)

    try:
        report = sync_push(progress=progress)
    finally:
        for bar in bars.values():
            bar.close()
    for kind, kind_report in report.kinds.items():
        label = SyncResource.Kind(kind).label
        note = f" ({kind_report.skipped})" if kind_report.skipped else ""
        command.stdout.write(
            f"Push {label}: {kind_report.accepted} accepted, {kind_report.refused} refused{note}"
        )


def pull_step(command, *, dry_run: bool) -> None:
    """Pull InMail, Recruiter notes and InMail stub profiles of every seat, a progress bar over seats."""
    from linkedin_integration.services.history import history_pull, history_unavailable_reason, pull_plan

    stopped = history_unavailable_reason()
    if stopped:
        command.stdout.write(f"Pull: not run. {stopped}")
        return
    if dry_run:
        for line in pull_plan():
            command.stdout.write(f"Pull {line}")
        return
    with tqdm(desc="Seats", unit="seat", file=command.stderr, leave=True) as bar:

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        report = history_pull(progress=progress)
    command.stdout.write(f"Pull: {report.summary()}")


STEPS = [("push", push_step), ("pull", pull_step)]


class Command(BaseCommand):
    help = "Sync with LinkedIn now: push jobs, candidates and their pipeline to LinkedIn's In-ATS resources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; call LinkedIn for nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        for _name, step in STEPS:
            step(self, dry_run=dry_run)
