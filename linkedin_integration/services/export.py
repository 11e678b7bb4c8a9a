"""1-click export: a profile exported from LinkedIn Recruiter lands in the job's Prospect stage.

The push's task fetches the export from LinkedIn with no transaction open (export_process), then
settles each exported profile in a short transaction of its own (export_settle): refused with a reason
a person understands and nothing else written, or accepted: the candidate found (member link, then
profile URL, then any email) or created, a Prospect application unless the candidate is already on the
job, the member link (which the In-ATS sync sends as manualMatchedMember) and a line of activity.

Exactly once: each profile is one Export row, unique on (request id, position), inserted first, so a
push processed twice or by two workers at once is settled once (the second waits on the index, then
finds the first's row). Two exports of the same member into the same job at the same moment meet on
MemberLink's and Application's unique indexes: the later one rolls back, starts over and finds what the
first created.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone

from attract.errors import DomainError
from attract.outbox import send_after_commit
from candidates.models import Application, Candidate, CandidateEvent, CandidateSource
from candidates.services import application_create, candidate_create, candidate_event_record
from jobs.models import Job, JobRole, StageKind
from jobs.permissions import holds_job_role
from linkedin_integration.client import ExportedCandidate, LinkedInClient, LinkedInError
from linkedin_integration.models import (
    Export,
    LinkedInConnection,
    LinkedInSettings,
    MemberLink,
    PushNotification,
)
from linkedin_integration.services.integrations import rsc_enabled

log = logging.getLogger(__name__)

Result = Export.Result
EXPORTING_ROLES = (JobRole.Role.RECRUITER, JobRole.Role.HIRING_MANAGER)
# A settlement that lost a race to a concurrent one starts over; the third try meets committed rows only.
ATTEMPTS = 3


class _Race(Exception):
    """A concurrent settlement committed first: roll back and start over."""


class ExportLookups:
    """What the exports of one batch are checked against, read once for the batch rather than once per
    export: the installation (its organization and contract, whether RSC is Enabled) and each job and
    exporter met, with the team roles and groups that holds_job_role caches on them. A batch lasts a
    moment (the pushes one task took), as a single settlement's reads did."""

    def __init__(self):
        self._installation: tuple[set[str], bool] | None = None
        self._jobs: dict[str, Job | None] = {}
        self._exporters: dict[str, object] = {}

    def installation(self) -> tuple[set[str], bool]:
        if self._installation is None:
            linkedin = LinkedInSettings.load()
            ours = {urn for urn in (linkedin.organization_urn, linkedin.contract_urn) if urn}
            self._installation = (ours, rsc_enabled())
        return self._installation

    def job(self, code: str) -> Job | None:
        if code not in self._jobs:
            job = Job.objects.filter(code=code).first()
            if job is not None:
                job.prospect_stage = job.stages.filter(kind=StageKind.PROSPECT).first()
            self._jobs[code] = job
        return self._jobs[code]

    def exporter(self, urn: str):
        if urn not in self._exporters:
            connection = LinkedInConnection.objects.select_related("user").filter(person_urn=urn).first()
            self._exporters[urn] = connection.user if connection else None
        return self._exporters[urn]


def export_process(
    *,
    notification: PushNotification,
    client: LinkedInClient | None = None,
    lookups: ExportLookups | None = None,
) -> list[Export]:
    """Fetch the export behind an EXPORT_CANDIDATE_PROFILE push and settle each profile in it.

    Called by the push's task with the push claimed and no transaction open. LinkedIn down, slow or
    throttling: the LinkedInError is raised for the task to retry, the push kept and nothing recorded.
    An answer that cannot be used (junk, expired): recorded as a refused export with the reason, and the
    error raised so that the push is kept as failed for inspection."""
    client = client or LinkedInClient()
    lookups = lookups or ExportLookups()
    request_id = notification.notification_id
    try:
        profiles = client.exported_candidates(request_id)
    except LinkedInError as exc:
        if exc.permanent:
            _record_unusable(notification, f"LinkedIn's answer could not be used: {exc.answer}")
        raise
    if not profiles:
        return [_record_unusable(notification, "LinkedIn's answer held no exported profile.")]
    return [
        export_settle(
            request_id=request_id, position=position, profile=profile, push=notification, lookups=lookups
        )
        for position, profile in enumerate(profiles)
    ]


def export_settle(
    *,
    request_id: str,
    position: int,
    profile: ExportedCandidate,
    push: PushNotification | None = None,
    lookups: ExportLookups | None = None,
) -> Export:
    """Settle one exported profile once: the Export row that says what became of it."""
    lookups = lookups or ExportLookups()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _settle(request_id, position, profile, push, lookups, attempt=attempt)
        except (IntegrityError, _Race):
            if attempt == ATTEMPTS:
                raise
            log.info("Export %s/%s met a concurrent one; starting over", request_id, position)
    raise AssertionError("unreachable")


def _settle(request_id, position, profile, push, lookups: ExportLookups, *, attempt) -> Export:
    if attempt > 1:
        # The first try may have met a concurrent settlement of this very profile, now committed.
        settled = Export.objects.filter(request_id=request_id, position=position).first()
        if settled is not None:
            return settled
    job = lookups.job(profile.job_posting_id)
    exporter = lookups.exporter(profile.exporter_urn)
    # Inserted first, so a second settlement of the same profile waits on the unique index, fails once
    # this one commits, and finds it settled on its next try.
    record = Export.objects.create(
        request_id=request_id,
        position=position,
        push=push,
        exported_at=profile.exported_at,
        member_urn=profile.member_urn,
        member_name=f"{profile.first_name} {profile.last_name}"[:200],
        profile_url=profile.profile_url[:500],
        job_code=profile.job_posting_id[:40],
        job=job,
        exporter_urn=profile.exporter_urn,
        exporter=exporter,
        result=Result.REFUSED,
    )
    reason = _refusal(profile, job, exporter, lookups)
    if reason:
        return _refuse(record, reason)
    try:
        candidate, created = _find_or_create_candidate(profile, exporter)
        # A candidate created just now has no application and no member link yet.
        application = None if created else Application.objects.filter(candidate=candidate, job=job).first()
        if application is None:
            application = application_create(
                candidate=candidate,
                job=job,
                stage_kind=StageKind.PROSPECT,
                stage=job.prospect_stage,
                source=CandidateSource.LINKEDIN_EXPORT,
                by=exporter,
            )
            record.result = Result.ACCEPTED
        else:
            # Nothing moves backwards: a candidate further on (or rejected) stays where they are.
            record.result = Result.IN_PIPELINE
            record.reason = f"{candidate.full_name} is already on {job.code} ({application.stage.name})."
        _link(candidate, profile.member_urn, exporter, check=not created)
    except DomainError as exc:
        # A concurrent export or applicant took the email or the job first, or the job closed meanwhile:
        # start over, and the checks above tell which. Once out of tries, the reason is the refusal.
        if attempt < ATTEMPTS:
            raise _Race from exc
        return _refuse(record, exc.message)
    candidate_event_record(
        candidate=candidate,
        kind=CandidateEvent.Kind.LINKEDIN_EXPORT,
        by=exporter,
        application=application,
        detail="already in the pipeline" if record.result == Result.IN_PIPELINE else "",
    )
    record.candidate, record.application = candidate, application
    record.save(update_fields=["result", "reason", "candidate", "application"])
    return record


def _refusal(profile: ExportedCandidate, job: Job | None, exporter, lookups: ExportLookups) -> str:
    """Why this export cannot go into the job, in words for the exporter; '' when it can."""
    ours, enabled = lookups.installation()
    if profile.integration_context not in ours:
        return (
            f"The export came from {profile.integration_context}, which is not the LinkedIn organization "
            "Attract is connected to."
        )
    if not enabled:
        return "1-click export is not switched on: Recruiter System Connect is not Enabled in Attract."
    code = profile.job_posting_id
    if job is None:
        return f"Attract has no job {code}."
    if job.is_closed:
        return f"The job {code} is closed."
    if not job.is_active:
        return f"The job {code} is not Active yet ({job.get_status_display()})."
    if job.prospect_stage is None:
        return f"The job {code} has no Prospect stage in its hiring process."
    if exporter is None:
        return (
            "The LinkedIn account that exported is not connected to anyone in Attract: connect it under "
            "Settings, then export again."
        )
    if not exporter.is_active:
        return f"The Attract account of {exporter} is deactivated."
    if not holds_job_role(exporter, job, EXPORTING_ROLES):
        return f"{exporter} is not a Recruiter or Hiring manager on {code}."
    return ""


def _refuse(record: Export, reason: str) -> Export:
    record.result, record.reason = Result.REFUSED, reason[:300]
    record.candidate = record.application = None
    record.save(update_fields=["result", "reason", "candidate", "application"])
    if record.exporter_id:
        get_user_model().objects.filter(pk=record.exporter_id).update(
            unread_export_refusals=F("unread_export_refusals") + 1
        )
        from linkedin_integration.tasks import notify_export_refused

        # A broker outage must not undo the record (the exporter still sees it in Settings): a send the
        # broker cannot take is kept for the sweep.
        send_after_commit(notify_export_refused, record.pk)
    return record


def _record_unusable(notification: PushNotification, reason: str) -> Export:
    record, _ = Export.objects.get_or_create(
        request_id=notification.notification_id,
        position=0,
        defaults={"push": notification, "result": Result.REFUSED, "reason": reason[:300]},
    )
    return record


def _url_variants(url: str) -> list[str]:
    """A profile URL as people store it: with or without www., a trailing slash, http."""
    bare = url.strip().rstrip("/")
    for prefix in ("https://", "http://"):
        bare = bare.removeprefix(prefix)
    bare = bare.removeprefix("www.")
    return [
        f"{scheme}{www}{bare}{slash}"
        for scheme in ("https://", "http://")
        for www in ("www.", "")
        for slash in ("", "/")
    ]


def _find_or_create_candidate(profile: ExportedCandidate, exporter) -> tuple[Candidate, bool]:
    """The candidate for this member, and whether it was created now."""
    link = MemberLink.objects.select_related("candidate").filter(member_urn=profile.member_urn).first()
    if link:
        return link.candidate, False
    # Upper() as the candidate_linkedin_url_ci index is written, so the look-up reads the index.
    variants = [variant.upper() for variant in _url_variants(profile.profile_url)]
    found = (
        Candidate.objects.alias(url_ci=Upper("linkedin_url"))
        .filter(url_ci__in=variants)
        .order_by("pk")
        .first()
    )
    if found is None and profile.emails:
        emails = [email.lower() for email in profile.emails]
        found = (
            Candidate.objects.alias(email_ci=Lower("email"))
            .filter(email_ci__in=emails)
            .order_by("pk")
            .first()
        )
    if found:
        return found, False
    candidate = candidate_create(
        first_name=profile.first_name[:100],
        last_name=profile.last_name[:100],
        email=profile.emails[0] if profile.emails else "",
        city=profile.location[:100],
        current_company=(profile.current_employers[0] if profile.current_employers else "")[:200],
        current_title=profile.headline[:200],
        linkedin_url=profile.profile_url[:200],
        source=CandidateSource.LINKEDIN_EXPORT,
        by=exporter,
    )
    return candidate, True


def _link(candidate: Candidate, member_urn: str, exporter, *, check: bool) -> None:
    """Store the member link unless the candidate already has one (`check`: it may). A concurrent export
    that linked the same member first makes this insert fail: the settlement starts over and finds that
    link."""
    if check and MemberLink.objects.filter(candidate=candidate).exists():
        return
    # No savepoint: a failed insert ends the whole settlement, which starts over.
    MemberLink.objects.create(
        candidate=candidate, member_urn=member_urn, source=MemberLink.Source.EXPORT, linked_by=exporter
    )


def exports_for(user, *, everyone: bool = False, limit: int = 50):
    """The newest exports: everyone's (the Admin center) or those the user made (their Settings)."""
    exports = Export.objects.select_related("job", "exporter", "candidate")
    if not everyone:
        exports = exports.filter(exporter=user)
    exports = list(exports.order_by("-at", "-pk")[:limit])
    # A refused export may name a job the user cannot open: it is shown, not linked to a 404.
    job_ids = {export.job_id for export in exports if export.job_id}
    openable = set(Job.objects.visible_to(user).filter(pk__in=job_ids).values_list("pk", flat=True))
    for export in exports:
        export.job_openable = export.job_id in openable
    return exports


@transaction.atomic
def export_refusals_seen(*, user) -> int:
    """The user has read why their exports were refused: the top bar stops flagging them."""
    get_user_model().objects.filter(pk=user.pk).update(unread_export_refusals=0)
    return Export.objects.unseen_refusals_of(user).update(seen_at=timezone.now())


def export_notify_refused(*, export: Export) -> int:
    """Email the exporter why their export was refused (when they have an email); returns mails sent.
    In Attract itself they see it on their Settings page, flagged in the top bar until they look."""
    user = export.exporter
    if user is None or not user.email or export.result != Result.REFUSED:
        return 0
    link = settings.SITE_URL + reverse("linkedin:settings") + "#exports"
    who, job = export.member_name or "A profile", export.job_code or "a job"
    body = (
        f"{who} exported from LinkedIn Recruiter into {job} was not added to Attract.\n\n"
        f"Reason: {export.reason}\n\nYour exports: {link}\n"
    )
    return send_mail(
        subject=f"LinkedIn export refused: {who} into {job}",
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )
