"""Background work of the candidates app: thin tasks that load rows by id and call a service."""

from celery import shared_task

from candidates import services
from candidates.models import Application


# OSError covers smtplib.SMTPException and socket errors: a mail server hiccup is worth retrying,
# a bug is not.
@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def application_notify_team(application_id: int) -> int:
    """Email the hiring team about a new career-site applicant; a vanished application sends nothing."""
    application = (
        Application.objects.select_related("candidate", "job", "job__owner").filter(pk=application_id).first()
    )
    if application is None:
        return 0
    return services.applicant_notify_team(application=application)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def application_confirm_to_applicant(application_id: int) -> int:
    """Confirm a career-site application to the applicant by email; sent at most once per application."""
    application = Application.objects.select_related("candidate", "job").filter(pk=application_id).first()
    if application is None:
        return 0
    return services.applicant_confirm(application=application)
