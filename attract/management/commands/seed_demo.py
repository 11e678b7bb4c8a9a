from django.core.management.base import BaseCommand

from attract import roles
from attract.models import User

DEMO_USERS = [
    ("admin", "Ada", "Admin", roles.ADMINISTRATOR),
    ("recruiter", "Rita", "Recruiter", roles.RECRUITER),
    ("manager", "Hugo", "Manager", roles.HIRING_MANAGER),
    ("interviewer", "Ivy", "Interviewer", roles.INTERVIEWER),
]
DEMO_PASSWORD = "attract-demo"


class Command(BaseCommand):
    help = "Create demo data once (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        for username, first, last, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@attract.test"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = role == roles.ADMINISTRATOR
                user.is_superuser = role == roles.ADMINISTRATOR
                user.save()
                roles.set_roles(user, [role])
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with:")
        for username, _, _, role in DEMO_USERS:
            self.stdout.write(f"  {role:<15} {username} / {DEMO_PASSWORD}")
