from django.core.management.base import BaseCommand, CommandError

from linkedin_integration.client import LinkedInError
from linkedin_integration.models import PushNotification, RscIntegration
from linkedin_integration.services.integrations import levels, rsc_refresh_statuses
from linkedin_integration.tasks import drain_push_notifications


class Command(BaseCommand):
    help = (
        "Ask LinkedIn for the Recruiter System Connect status of every requested access level, then "
        "process the push notifications still waiting (what the periodic tasks do)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be asked and processed; ask LinkedIn nothing and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        current = levels()
        watched = [level for level in current if level.state != RscIntegration.State.NOT_REQUESTED]
        waiting = PushNotification.objects.filter(status=PushNotification.Status.RECEIVED).count()
        for level in current:
            checked = f"{level.last_checked_at:%Y-%m-%d %H:%M} UTC" if level.last_checked_at else "never"
            self.stdout.write(f"{level.get_level_display()}: {level.get_state_display()} (checked {checked})")
        if dry_run:
            asked = (
                ", ".join(level.get_level_display() for level in watched) or "nothing (no level requested)"
            )
            self.stdout.write(
                f"Dry run: would ask LinkedIn about {asked}; {waiting} push notification(s) waiting."
            )
            return
        try:
            moved = rsc_refresh_statuses(force=True)
        except LinkedInError as exc:
            raise CommandError(f"LinkedIn did not answer the status request: {exc.answer}") from exc
        for level in moved:
            self.stdout.write(f"Now {level.get_level_display()}: {level.get_state_display()}")
        if not moved:
            self.stdout.write("No level changed.")
        if waiting:
            drain_push_notifications.apply()
            left = PushNotification.objects.filter(status=PushNotification.Status.RECEIVED).count()
            self.stdout.write(f"Push notifications: {waiting - left} processed, {left} still waiting.")
