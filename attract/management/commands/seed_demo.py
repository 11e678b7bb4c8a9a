import time

from django.core.management.base import BaseCommand, CommandError

from attract.demo import seed_demo, signin_lines


class Command(BaseCommand):
    help = (
        "Create the demo users and demo data once (a second run changes nothing), and print the demo "
        "sign-ins. --jobs N --candidates N add that many more jobs and candidates on every run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=0, help="add this many more jobs (bulk)")
        parser.add_argument(
            "--candidates",
            type=int,
            default=0,
            help="add this many more candidates, each with an application",
        )

    def handle(self, *args, jobs, candidates, **options):
        if jobs < 0 or candidates < 0:
            raise CommandError("--jobs and --candidates take a number of rows to add, 0 or more.")
        started = time.perf_counter()
        report = seed_demo(jobs=jobs, candidates=candidates)
        seconds = time.perf_counter() - started
        if report.users_created:
            self.stdout.write(f"Demo users created: {', '.join(report.users_created)}.")
        if report.base:
            counts = ", ".join(f"{n} {what}" for what, n in report.base.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {counts}."))
        elif report.jobs_added or report.candidates_added:
            self.stdout.write("The demo data set is already there.")
        else:
            self.stdout.write("Demo data is already there; nothing changed.")
        if report.jobs_added or report.candidates_added:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {report.jobs_added} jobs and {report.candidates_added} candidates "
                    f"in {seconds:.1f} s."
                )
            )
        if report.base:
            self._linkedin_demo()
        self.stdout.write("")
        for line in signin_lines():
            self.stdout.write(line)

    def _linkedin_demo(self):
        # The LinkedIn feed demo marks some of the demo jobs; it only makes sense right after they exist.
        from linkedin_integration.demo import seed_linkedin_demo

        seed_linkedin_demo(stdout=self.stdout)
