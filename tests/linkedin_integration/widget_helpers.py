"""Set-up shared by the profile widget's tests: an installation connected with RSC enabled, and users
with their own LinkedIn connection."""

from django.utils import timezone

from linkedin_integration.models import LinkedInConnection, LinkedInSettings, RscIntegration

ORG = "urn:li:organization:2414183"
CHILD_CLIENT_ID = "child-client-id"


def enable_rsc(level=RscIntegration.Level.COMPANY):
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "app_key": "urn:li:developerApplication:77",
            "app_client_id": CHILD_CLIENT_ID,
            "app_client_secret": "child-secret-value",
            "connected_at": timezone.now(),
            "organization_urn": ORG,
        },
    )
    RscIntegration.objects.update_or_create(level=level, defaults={"state": RscIntegration.State.ENABLED})


def connect(user, person_id=None):
    urn = f"urn:li:person:{person_id or user.username}"
    return LinkedInConnection.objects.create(user=user, person_urn=urn)
