from django.core.management.base import BaseCommand

from linkedin_sandbox import seed


class Command(BaseCommand):
    help = (
        "Put back the LinkedIn sandbox's seeded partner app, members, organization, contracts and seats "
        "(the data migration seeds them; this is for databases flushed since, e.g. by live-server tests)."
    )

    def handle(self, *args, **options):
        seed.seed()
        self.stdout.write(
            "LinkedIn sandbox seeded: partner app, 3 members, 1 organization, 2 contracts, 3 seats."
        )
