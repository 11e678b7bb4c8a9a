from django.core.management.base import BaseCommand

from attract.models import PendingTask
from attract.tasks import send_pending_tasks


class Command(BaseCommand):
    help = (
        "Send the background tasks requests could not hand to the broker while it was down (what the "
        "beat's sweep does every minute) and print how many were sent and how many are still kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the kept tasks, oldest first, but send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for row in PendingTask.objects.all():
                self.stdout.write(
                    f"{row.created_at:%Y-%m-%d %H:%M:%S} {row} (tries {row.attempts}) {row.error}"
                )
            self.stdout.write(f"{PendingTask.objects.count()} kept task(s); nothing sent (dry run).")
            return
        sent = send_pending_tasks()
        self.stdout.write(f"{sent} task(s) sent; {PendingTask.objects.count()} still kept.")
