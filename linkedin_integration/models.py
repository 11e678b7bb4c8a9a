"""LinkedIn state lives here, never on core rows: settings, RSC integrations, tokens, notifications,
member links, job listings and feed publications."""

import uuid

from django.conf import settings
from django.db import models

from jobs.models import Job
from linkedin_integration.crypto import EncryptedTextField


class LinkedInSettings(models.Model):
    """The installation's one row of LinkedIn configuration (pk=1)."""

    company_name = models.CharField(max_length=200, blank=True)
    company_id = models.CharField("LinkedIn Company ID", max_length=20, blank=True)
    # uniqueForeignId of this installation's provisioned child app: stable forever.
    instance_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    app_key = models.CharField(max_length=100, blank=True)
    app_client_id = models.CharField(max_length=100, blank=True)
    app_client_secret = EncryptedTextField(blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    connected_person_urn = models.CharField(max_length=100, blank=True)
    connected_person_name = models.CharField(max_length=200, blank=True)
    contract_urn = models.CharField(max_length=100, blank=True)
    contract_name = models.CharField(max_length=200, blank=True)
    organization_urn = models.CharField(max_length=100, blank=True)
    apply_with_linkedin = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "LinkedIn settings"
        verbose_name_plural = "LinkedIn settings"

    def __str__(self):
        return self.company_name or "LinkedIn settings"

    @classmethod
    def load(cls) -> "LinkedInSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    @property
    def is_connected(self):
        return bool(self.connected_at and self.app_client_id)


class RscIntegration(models.Model):
    """Recruiter System Connect at one access level and the state the Admin center shows for it."""

    class Level(models.TextChoices):
        COMPANY = "COMPANY", "Company-level"
        CONTRACT = "CONTRACT", "Contract-level"

    class State(models.TextChoices):
        NOT_REQUESTED = "NOT_REQUESTED", "Request"
        NOTIFY_PARTNER = "NOTIFY_PARTNER", "Notify partner"
        PARTNER_READY = "PARTNER_READY", "Partner ready"
        ENABLED = "ENABLED", "Enabled"
        DISABLED = "DISABLED", "Disabled"

    level = models.CharField(max_length=10, choices=Level.choices, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOT_REQUESTED)
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.get_level_display()}: {self.get_state_display()}"


class AuditEntry(models.Model):
    """Every LinkedIn state transition and admin action, shown on the Admin center tab."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    detail = models.TextField(blank=True)
    linkedin_answer = models.TextField(blank=True, help_text="LinkedIn's answer, without secrets.")
    ok = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at", "-pk"]


class AccessToken(models.Model):
    """Cached client-credentials tokens, one per app, shared by every caller until shortly before expiry."""

    class App(models.TextChoices):
        PARTNER = "PARTNER", "Partner app"
        CHILD = "CHILD", "Child app"

    app = models.CharField(max_length=10, choices=App.choices, unique=True)
    token = EncryptedTextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)


class PushNotification(models.Model):
    """A push from LinkedIn to the RSC callback, stored once per notification id."""

    class Status(models.TextChoices):
        RECEIVED = "RECEIVED", "Received"
        PROCESSED = "PROCESSED", "Processed"
        FAILED = "FAILED", "Failed"
        IGNORED = "IGNORED", "Ignored"

    notification_id = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=60)
    expires_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["-received_at"]


class LinkedInConnection(models.Model):
    """A user's own LinkedIn account (person URN), needed for export matching and the LinkedIn tab."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linkedin")
    person_urn = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200, blank=True)
    access_token = EncryptedTextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(auto_now_add=True)


class MemberLinkQuerySet(models.QuerySet):
    def delete(self):
        """Each link deleted leaves a MemberUnlink, so that the sync removes the manual match too."""
        from django.db import transaction

        with transaction.atomic(using=self.db):
            gone = list(self.values_list("candidate_id", "member_urn"))
            MemberUnlink.objects.bulk_create(
                [MemberUnlink(candidate_id=candidate_id, member_urn=urn) for candidate_id, urn in gone]
            )
            return super().delete()


class MemberLink(models.Model):
    """The LinkedIn member (person URN) an Attract candidate is linked to: one member per candidate and
    one candidate per member. Set by a 1-click export, the profile widget or an InMail stub profile;
    the sync sends it to LinkedIn as the candidate's manualMatchedMember."""

    class Source(models.TextChoices):
        EXPORT = "EXPORT", "1-click export"
        WIDGET = "WIDGET", "Profile widget"
        INMAIL = "INMAIL", "InMail stub profile"

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="linkedin_member_link"
    )
    member_urn = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = MemberLinkQuerySet.as_manager()

    def __str__(self):
        return f"{self.candidate_id} -> {self.member_urn}"

    def delete(self, *args, **kwargs):
        return MemberLink.objects.filter(pk=self.pk).delete()


class JobListing(models.Model):
    """A job marked by a recruiter or admin for LinkedIn Limited Listings (the XML feed)."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="linkedin_listing")
    marked = models.BooleanField(default=True, db_index=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    unmarked_at = models.DateTimeField(null=True, blank=True)
    posted_title = models.CharField(
        max_length=200, blank=True, help_text="The title LinkedIn first received."
    )
    posted_company_id = models.CharField(
        max_length=20,
        blank=True,
        help_text=(
            "The Company ID of the first published feed that held the job: a job never moves between feeds."
        ),
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    # The description as the feed sends it, kept from the last time it was reduced (when the job was
    # posted, or by the publication that found the description changed), so the daily feed does not
    # sanitise every unchanged description again. description_key names the text and rules it came
    # from; when it does not match the job's description the feed sanitises afresh.
    description_key = models.CharField(max_length=40, blank=True)
    description_html = models.TextField(blank=True)
    description_length = models.PositiveIntegerField(default=0)


class FeedPublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FeedPublication.Status.PUBLISHED)

    def live(self):
        """The publication served at /linkedin/jobs.xml: the newest published one, or None."""
        return self.published().order_by("-finished_at", "-pk").first()


class FeedPublication(models.Model):
    """One build of the Limited Listings feed; only PUBLISHED rows are ever served."""

    class Status(models.TextChoices):
        RUNNING = "RUNNING", "Publishing"
        PUBLISHED = "PUBLISHED", "Published"
        FAILED = "FAILED", "Failed"
        DRY_RUN = "DRY_RUN", "Dry run"

    class Trigger(models.TextChoices):
        SCHEDULE = "SCHEDULE", "Daily schedule"
        ADMIN = "ADMIN", "Publish now"
        COMMAND = "COMMAND", "Command line"
        FIRST_FETCH = "FIRST_FETCH", "First fetch"

    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    trigger = models.CharField(max_length=12, choices=Trigger.choices, default=Trigger.SCHEDULE)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job_count = models.PositiveIntegerField(default=0)
    excluded_count = models.PositiveIntegerField(default=0)
    exclusion_counts = models.JSONField(default=dict, help_text="reason -> number of jobs")
    exclusions = models.JSONField(default=list, help_text="[{job_id, code, title, reasons}] (capped)")
    size_bytes = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    storage_name = models.CharField(max_length=300, blank=True)
    company_id = models.CharField("LinkedIn Company ID", max_length=20, blank=True)
    error = models.TextField(blank=True)

    objects = FeedPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # Claiming a publication is inserting the RUNNING row: a second concurrent attempt (beat, "Publish
            # now", a first fetch) fails on this index instead of building the same feed twice.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="RUNNING"), name="feedpublication_one_running"
            ),
        ]

    @property
    def gzip_storage_name(self):
        return f"{self.storage_name}.gz" if self.storage_name else ""


class MemberUnlink(models.Model):
    """A member link removed: the In-ATS sync sends it as the manual match's removal. Written by
    MemberLink's delete (one row per link deleted, whichever helper deletes it)."""

    candidate_id = models.BigIntegerField()
    member_urn = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]


class SyncResource(models.Model):
    """One kind of data the In-ATS sync pushes to LinkedIn: where it stands (a cursor on the source rows'
    (changed at, id) that moves only once LinkedIn accepted what lies before it), the backfill's progress,
    a pause after throttling or an outage, the lease of the run sending it, and the pacing."""

    class Kind(models.TextChoices):
        # Dependency order: what is sent first comes first.
        JOBS = "JOBS", "Jobs"
        CANDIDATES = "CANDIDATES", "Candidates"
        MEMBER_LINKS = "MEMBER_LINKS", "Profile links"
        MEMBER_UNLINKS = "MEMBER_UNLINKS", "Profile unlinks"
        CANDIDATE_NOTES = "CANDIDATE_NOTES", "Candidate notes"
        APPLICATIONS = "APPLICATIONS", "Applications"
        STAGES = "STAGES", "Stages"
        APPLICATION_NOTES = "APPLICATION_NOTES", "Application notes"
        FEEDBACK = "FEEDBACK", "Interview feedback"
        REMOVED_APPLICATIONS = "REMOVED_APPLICATIONS", "Removed applications"
        REMOVED_CANDIDATES = "REMOVED_CANDIDATES", "Removed candidates"

    kind = models.CharField(max_length=24, choices=Kind.choices, unique=True)
    organization_urn = models.CharField(max_length=100, blank=True, help_text="Whom the cursor is for.")
    cursor_at = models.DateTimeField(null=True, blank=True)
    cursor_id = models.BigIntegerField(default=0)
    last_accepted_at = models.DateTimeField(null=True, blank=True)
    last_change_at = models.DateTimeField(
        null=True, blank=True, help_text="The last change LinkedIn accepted."
    )
    backfill_until = models.DateTimeField(null=True, blank=True)
    backfill_total = models.PositiveIntegerField(default=0)
    backfill_sent = models.PositiveIntegerField(default=0)
    backfill_done_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    failures = models.PositiveIntegerField(default=0)
    lease_owner = models.CharField(max_length=40, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_send_at = models.DateTimeField(null=True, blank=True, help_text="Pacing: no batch before this.")
    caught_up_at = models.DateTimeField(
        null=True, blank=True, help_text="Every row stamped before this was handled (the last run's horizon)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()


class SyncRefusal(models.Model):
    """An entity LinkedIn refused, with its message: listed for administrators with a Retry, it holds
    back nothing else. Removed once LinkedIn accepts the entity."""

    kind = models.CharField(max_length=24, choices=SyncResource.Kind.choices)
    object_id = models.BigIntegerField()
    label = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    retry_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="sync_refusal_once")]


class SyncedJob(models.Model):
    """A job LinkedIn knows as a simple job posting: later sends are UPDATE (or CLOSE), and the posting
    task's state is read afterwards."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="linkedin_sync")
    organization_urn = models.CharField(max_length=100)
    operation = models.CharField(max_length=10)
    task_urn = models.CharField(max_length=200, blank=True)
    task_status = models.CharField(max_length=20, blank=True)
    task_message = models.CharField(max_length=300, blank=True)
    job_posting_urn = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)


class ExportQuerySet(models.QuerySet):
    def unseen_refusals_of(self, user):
        return self.filter(exporter=user, result=Export.Result.REFUSED, seen_at__isnull=True)


class Export(models.Model):
    """One profile exported from LinkedIn Recruiter into a job (1-click export) and what Attract made of
    it: added to Prospect, already in the pipeline, or refused with the reason. One row per element of
    the push's answer, unique on (request id, position), so a push processed twice records it once."""

    class Result(models.TextChoices):
        ACCEPTED = "ACCEPTED", "Added to Prospect"
        IN_PIPELINE = "IN_PIPELINE", "Already in the pipeline"
        REFUSED = "REFUSED", "Refused"

    request_id = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    push = models.ForeignKey(
        PushNotification, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    exported_at = models.DateTimeField(null=True, blank=True, help_text="When LinkedIn says it was exported.")
    member_urn = models.CharField(max_length=100, blank=True)
    member_name = models.CharField(max_length=200, blank=True)
    profile_url = models.URLField(max_length=500, blank=True)
    job_code = models.CharField(max_length=40, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    exporter_urn = models.CharField(max_length=100, blank=True)
    exporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(max_length=12, choices=Result.choices)
    reason = models.CharField(max_length=300, blank=True)
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        "candidates.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A refusal is the exporter's to read: unseen until they open their Settings page.
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["request_id", "position"], name="export_once_per_element"),
        ]
        indexes = [models.Index(fields=["exporter", "at"], name="export_exporter_at")]

    def __str__(self):
        return f"{self.member_name or self.member_urn} -> {self.job_code}: {self.get_result_display()}"


class SyncedCandidate(models.Model):
    """A candidate LinkedIn accepted (so its profile widget and LinkedIn tab may rely on it)."""

    candidate_id = models.BigIntegerField(primary_key=True)
    accepted_at = models.DateTimeField()


# ---- History pull (issue 13): seat holders, InMail events, Recruiter notes, InMail stub profiles.


class SeatHolder(models.Model):
    """A seat of the connected Recruiter contract, as LinkedIn last listed it. Matched to an Attract user
    through the person URN of that user's own LinkedIn connection (LinkedInConnection), not stored."""

    seat_urn = models.CharField(max_length=100, unique=True)
    contract_urn = models.CharField(max_length=100)
    person_urn = models.CharField(max_length=100, blank=True, db_index=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=20, default="ACTIVE")
    roles = models.JSONField(default=list, blank=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["last_name", "first_name", "seat_urn"]

    def __str__(self):
        return self.name or self.seat_urn

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()


class HistoryCursor(models.Model):
    """How far the pull has stored one resource of one seat: everything before `covered_until`."""

    class Resource(models.TextChoices):
        INMAILS = "INMAILS", "InMail events"
        NOTES = "NOTES", "Notes"
        STUBS = "STUBS", "InMail stub profiles"

    seat_urn = models.CharField(max_length=100)
    resource = models.CharField(max_length=10, choices=Resource.choices)
    covered_until = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat_urn", "resource"], name="history_cursor_once")]


class HistoryPullState(models.Model):
    """One row (pk=1): whether a pull runs (a lease, claimed with a conditional UPDATE) and how the last
    one ended, for the tab and the Admin center."""

    running_since = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    seats_refreshed_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def load(cls) -> "HistoryPullState":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class InMailEvent(models.Model):
    """One InMail message between a seat and a member, as the seat's conversationEvents listed it."""

    event_id = models.CharField(max_length=100)
    thread_urn = models.CharField(max_length=200)
    author_urn = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    seat_urn = models.CharField(max_length=100, help_text="The seat on the thread (author or recipient).")
    member_urn = models.CharField(max_length=100, help_text="The member on the thread.")
    from_member = models.BooleanField(default=False)
    subject = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    pulled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # LinkedIn's ids may repeat across events: this is the contract's identity of an event.
            models.UniqueConstraint(
                fields=["thread_urn", "event_id", "created_at", "author_urn"], name="inmail_event_once"
            )
        ]
        indexes = [models.Index(fields=["member_urn", "-created_at", "-id"], name="inmail_by_member")]


class RecruiterNote(models.Model):
    """A note a recruiter of the organization wrote on a member in LinkedIn Recruiter."""

    class Visibility(models.TextChoices):
        PUBLIC = "PUBLIC", "Public"
        PRIVATE = "PRIVATE", "Private"

    note_id = models.BigIntegerField()
    contract_urn = models.CharField(max_length=100)
    owner_urn = models.CharField(max_length=100)
    member_urn = models.CharField(max_length=100)
    text = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    created_at = models.DateTimeField()
    modified_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract_urn", "note_id"], name="recruiter_note_once")
        ]
        indexes = [
            models.Index(fields=["member_urn", "-modified_at", "-id"], name="recruiter_note_by_member")
        ]


class MailStub(models.Model):
    """A member who answered an InMail and shared their profile, and the candidate they became."""

    member_urn = models.CharField(max_length=100)
    owner_urn = models.CharField(max_length=100)
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, on_delete=models.SET_NULL, related_name="linkedin_mail_stubs"
    )
    email_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True)
    pulled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member_urn", "owner_urn"], name="mail_stub_once")]
        indexes = [models.Index(fields=["member_urn"], name="mail_stub_by_member")]
