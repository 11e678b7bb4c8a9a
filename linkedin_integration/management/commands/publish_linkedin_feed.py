from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from attract.errors import DomainError
from linkedin_integration.models import FeedPublication, JobListing
from linkedin_integration.services.feed import feed_publish

PROGRESS_FROM = 5_000


class Command(BaseCommand):
    help = (
        "Publish the LinkedIn Limited Listings feed now (what the daily schedule does) and print the "
        "number of jobs and the reasons jobs were left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="PATH", help="Also write the document to this file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Build and check the feed, but do not put it live."
        )

    def handle(self, *args, output=None, dry_run=False, verbosity=1, **options):
        marked = JobListing.objects.filter(marked=True).count()
        bar = None
        if marked >= PROGRESS_FROM and verbosity > 0:
            bar = tqdm(total=marked, unit="job", desc="Building feed", file=self.stderr._out)
        try:
            publication = feed_publish(
                trigger=FeedPublication.Trigger.COMMAND,
                dry_run=dry_run,
                output=output,
                progress=bar.update if bar else None,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        finally:
            if bar:
                bar.close()
        if publication.error:
            raise CommandError(
                f"The feed was not published; the previous feed stays live. {publication.error}"
            )
        verb = "Built (dry run, nothing published)" if dry_run else "Published"
        self.stdout.write(
            f"{verb}: {publication.job_count} jobs, {publication.excluded_count} excluded, "
            f"{publication.size_bytes} bytes, sha256 {publication.sha256}."
        )
        for reason, count in publication.exclusion_counts.items():
            self.stdout.write(f"  {count:>7}  {reason}")
        if output:
            self.stdout.write(f"Written to {output}.")
