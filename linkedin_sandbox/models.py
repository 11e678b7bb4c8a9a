"""What the sandbox, standing in for LinkedIn, knows: members, organizations, Recruiter contracts and
seats, developer applications (the partner app and the child apps it provisions), tokens and codes,
RSC integrations, the events behind push notifications, and the fault controls.

The sandbox plays LinkedIn, which must know each child app's client secret to sign pushes, so secrets
are kept as given; tokens and authorization codes are only ever looked up, so only their SHA-256 is kept.
"""

import hashlib

from django.db import models
from django.utils import timezone

ORGANIZATION_URN = "urn:li:organization:"
CONTRACT_URN = "urn:li:contract:"
PERSON_URN = "urn:li:person:"
SEAT_URN = "urn:li:seat:"
APPLICATION_URN = "urn:li:developerApplication:"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Member(models.Model):
    person_id = models.CharField(max_length=40, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    headline = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2")
    vanity_name = models.CharField(max_length=100, blank=True)
    current_company = models.CharField(max_length=200, blank=True)
    current_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def urn(self):
        return f"{PERSON_URN}{self.person_id}"

    @property
    def profile_url(self):
        return f"https://www.linkedin.com/in/{self.vanity_name}" if self.vanity_name else ""


class Organization(models.Model):
    org_id = models.PositiveBigIntegerField(unique=True)
    name = models.CharField(max_length=200)

    def __str__(self):
        return self.name

    @property
    def urn(self):
        return f"{ORGANIZATION_URN}{self.org_id}"


class Contract(models.Model):
    """A LinkedIn Recruiter contract of an organization."""

    contract_id = models.PositiveBigIntegerField(unique=True)
    name = models.CharField(max_length=200)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contracts")

    class Meta:
        ordering = ["contract_id"]

    def __str__(self):
        return self.name

    @property
    def urn(self):
        return f"{CONTRACT_URN}{self.contract_id}"


class Seat(models.Model):
    seat_id = models.PositiveBigIntegerField(unique=True)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="seats")
    is_admin = models.BooleanField(default=False)

    class Meta:
        ordering = ["contract__contract_id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "member"], name="sandbox_one_seat_per_contract")
        ]

    def __str__(self):
        return f"{self.member} on {self.contract}"

    @property
    def urn(self):
        return f"{SEAT_URN}{self.seat_id}"


class Application(models.Model):
    """A developer application: the ATS's partner app, or a child app it provisioned for one customer."""

    class Kind(models.TextChoices):
        PARTNER = "PARTNER", "Partner app"
        CHILD = "CHILD", "Provisioned child app"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    client_id = models.CharField(max_length=100, unique=True)
    client_secret = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    unique_foreign_id = models.CharField(max_length=200, blank=True)
    oauth2_authorized_callback_urls = models.JSONField(default=list, blank=True)
    valid_js_sdk_domains = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "unique_foreign_id"],
                condition=~models.Q(unique_foreign_id=""),
                name="sandbox_unique_foreign_id_per_partner",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def key(self):
        return f"{APPLICATION_URN}{self.pk}"


class TokenQuerySet(models.QuerySet):
    def for_raw(self, raw: str):
        return self.select_related("application", "member").filter(token_hash=digest(raw)).first()


class Token(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "PARTNER", "Partner app (client credentials)"
        CHILD = "CHILD", "Child app (client credentials)"
        MEMBER = "MEMBER", "Member (authorization code)"

    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tokens")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens")
    scope = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TokenQuerySet.as_manager()

    @property
    def expired(self):
        return self.expires_at <= timezone.now()


class AuthorizationCode(models.Model):
    """Single use, short-lived, bound to the client and the redirect URI it was issued for."""

    code_hash = models.CharField(max_length=64, unique=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="codes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="codes")
    redirect_uri = models.URLField(max_length=500)
    scope = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class IntegrationType(models.TextChoices):
    ONE_CLICK_EXPORT = "ONE_CLICK_EXPORT", "1-click export"
    IN_ATS_INDICATOR = "IN_ATS_INDICATOR", "In-ATS indicator"
    PROFILE_PLUGIN = "PROFILE_PLUGIN", "Profile plugin"
    APPLY_WITH_LINKEDIN = "APPLY_WITH_LINKEDIN", "Apply with LinkedIn"
    CSA_API = "CSA_API", "Recruiter data (CSA API)"


ORGANIZATION_TYPES = (
    IntegrationType.ONE_CLICK_EXPORT,
    IntegrationType.IN_ATS_INDICATOR,
    IntegrationType.PROFILE_PLUGIN,
    IntegrationType.APPLY_WITH_LINKEDIN,
)
CONTRACT_TYPES = (IntegrationType.CSA_API,)
# LinkedIn will not enable these until the partner configured them (value: the configuration key).
CONFIGURATION_REQUIRED = {IntegrationType.ONE_CLICK_EXPORT: "CALLBACK_URL"}


class IntegrationQuerySet(models.QuerySet):
    def for_contract(self, contract):
        """The integrations a Recruiter admin of this contract manages: its organization's and its own."""
        return self.filter(
            models.Q(integration_context=contract.organization.urn, integration_type__in=ORGANIZATION_TYPES)
            | models.Q(integration_context=contract.urn, integration_type__in=CONTRACT_TYPES)
        )


class Integration(models.Model):
    """One RSC integration of one child app, keyed as LinkedIn keys it."""

    class Status(models.TextChoices):
        REQUESTED = "REQUESTED", "Requested"
        PARTNER_READY = "PARTNER_READY", "Partner ready"
        ENABLED = "ENABLED", "Enabled"
        DISABLED = "DISABLED", "Disabled"

    class TenantType(models.TextChoices):
        RECRUITER = "RECRUITER", "Recruiter"

    class DataProvider(models.TextChoices):
        ATS = "ATS", "ATS"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="integrations")
    integration_context = models.CharField(max_length=100)
    integration_type = models.CharField(max_length=30, choices=IntegrationType.choices)
    tenant_type = models.CharField(max_length=20, choices=TenantType.choices, default=TenantType.RECRUITER)
    data_provider = models.CharField(max_length=20, choices=DataProvider.choices, default=DataProvider.ATS)
    integration_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    callback_url = models.URLField(max_length=500, blank=True)
    job_posting_viewers = models.CharField(max_length=40, blank=True)
    application_viewers = models.CharField(max_length=40, blank=True)
    named_at = models.DateTimeField(null=True, blank=True)
    configured_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntegrationQuerySet.as_manager()

    class Meta:
        ordering = ["integration_context", "integration_type"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "application",
                    "integration_context",
                    "integration_type",
                    "tenant_type",
                    "data_provider",
                ],
                name="sandbox_integration_key",
            )
        ]

    def __str__(self):
        return f"{self.integration_type} on {self.integration_context}"

    @property
    def missing_configuration(self):
        """The configuration key LinkedIn still waits for, or ''."""
        key = CONFIGURATION_REQUIRED.get(self.integration_type)
        if key == "CALLBACK_URL" and not self.callback_url:
            return key
        return ""

    def as_restli(self) -> dict:
        return {
            "integrationContext": self.integration_context,
            "integrationType": self.integration_type,
            "tenantType": self.tenant_type,
            "dataProvider": self.data_provider,
            "integrationName": self.integration_name,
            "status": self.status,
        }


class Event(models.Model):
    """What a push notification announces; the ATS fetches it with q=request&requestId=<event_id>."""

    class Type(models.TextChoices):
        INTEGRATION_STATUS_CHANGE = "INTEGRATION_STATUS_CHANGE", "Integration status change"
        EXPORT_CANDIDATE_PROFILE = "EXPORT_CANDIDATE_PROFILE", "1-click export"

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=40, choices=Type.choices)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    elements = models.JSONField(
        default=list, help_text="What the ATS fetches: the integrations after the change, or the exports."
    )
    summary = models.CharField(max_length=300, blank=True)
    callback_url = models.URLField(max_length=500, blank=True)
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class Push(models.Model):
    """One delivery attempt of an event to the ATS callback, with what the ATS answered."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pushes")
    url = models.URLField(max_length=500, blank=True)
    body = models.TextField()
    signature = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    answer = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    @property
    def delivered(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class FaultControl(models.Model):
    """One row (pk=1) that tests and demos flip to make the sandbox misbehave for the next N calls."""

    class PartnerStepMode(models.TextChoices):
        HTTP_500 = "HTTP_500", "The whole call answers 500"
        ENTITY_ERROR = "ENTITY_ERROR", "200 with an error for every entity"

    throttle_next = models.PositiveIntegerField("answer 429 to the next N API calls", default=0)
    server_error_next = models.PositiveIntegerField("answer 500 to the next N API calls", default=0)
    partner_step_failures = models.PositiveIntegerField(
        "fail the next N naming or configuration calls", default=0
    )
    partner_step_mode = models.CharField(
        max_length=20, choices=PartnerStepMode.choices, default=PartnerStepMode.HTTP_500
    )
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def load(cls) -> "FaultControl":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class ApiCall(models.Model):
    """A short log of the calls the sandbox answered, so a demo can show what the ATS sent."""

    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=1000)
    status = models.PositiveSmallIntegerField()
    client_id = models.CharField(max_length=100, blank=True)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-pk"]


# ---- In-ATS: what the ATS pushes (simpleJobPostings, atsCandidates, atsApplications and their
# sub-resources). Kept per organization (the integrationContext of each key), as the ATS sent it.


class SimpleJobPosting(models.Model):
    class State(models.TextChoices):
        LISTED = "LISTED", "Listed"
        CLOSED = "CLOSED", "Closed"

    class Availability(models.TextChoices):
        PUBLIC = "PUBLIC", "Public"
        PRIVATE_TO_ATS_INTEGRATION = "PRIVATE_TO_ATS_INTEGRATION", "Private to the ATS integration"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="job_postings")
    external_job_posting_id = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.LISTED)
    availability = models.CharField(
        max_length=30, choices=Availability.choices, default=Availability.PRIVATE_TO_ATS_INTEGRATION
    )
    company_apply_url = models.URLField(max_length=2000, blank=True)
    listed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_job_posting_id"], name="sandbox_job_posting_key"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.external_job_posting_id})"

    @property
    def urn(self):
        return f"urn:li:jobPosting:{self.pk}"


class SimpleJobPostingTask(models.Model):
    """What a simpleJobPostings batch_create answers with; the ATS reads its state later. The sandbox
    processes a posting at once, so a task is SUCCEEDED (or FAILED with its message) from the start."""

    class Status(models.TextChoices):
        IN_PROGRESS = "IN_PROGRESS", "In progress"
        SUCCEEDED = "SUCCEEDED", "Succeeded"
        FAILED = "FAILED", "Failed"
        PROCESSED = "PROCESSED", "Processed"

    task_id = models.UUIDField(unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    external_job_posting_id = models.CharField(max_length=200)
    posting = models.ForeignKey(
        SimpleJobPosting, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    operation = models.CharField(max_length=10, default="CREATE")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUCCEEDED)
    error_message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def urn(self):
        return f"urn:li:simpleJobPostingTask:{self.task_id}"


class AtsCandidate(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ats_candidates")
    ats_candidate_id = models.CharField(max_length=200)
    first_name = models.CharField(max_length=200)
    last_name = models.CharField(max_length=200, blank=True)
    email_addresses = models.JSONField(default=list, blank=True)
    phone_numbers = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    current_company_name = models.CharField(max_length=200, blank=True)
    current_job_title = models.CharField(max_length=200, blank=True)
    linkedin_profile_url = models.URLField(max_length=500, blank=True)
    external_profile_url = models.URLField(max_length=2000, blank=True)
    # Fields LinkedIn's collection sends beyond the contract's list (middleInitial, prefix, suffix).
    extra = models.JSONField(default=dict, blank=True)
    # Matching keys, derived on write: " a@x.y b@x.y " (lower case) and the profile URL's vanity name.
    emails_text = models.TextField(blank=True, editable=False)
    linkedin_vanity = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    ats_last_modified_at = models.DateTimeField(null=True, blank=True)
    manual_matched_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="manual_ats_candidates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "ats_candidate_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ats_candidate_id"], name="sandbox_ats_candidate_key"
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.ats_candidate_id})"

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def matched_members(self) -> list[Member]:
        """The members LinkedIn would match to this candidate: the manual match alone when there is
        one; otherwise by email, by profile URL, or by name + current company (sandbox's rule)."""
        from linkedin_sandbox.in_ats_matching import members_matching

        return members_matching(self)


class AtsCandidateNote(models.Model):
    candidate = models.ForeignKey(AtsCandidate, on_delete=models.CASCADE, related_name="notes")
    note_id = models.CharField(max_length=200)
    note = models.TextField()
    author_first_name = models.CharField(max_length=200, blank=True)
    author_last_name = models.CharField(max_length=200, blank=True)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ats_created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "note_id"], name="sandbox_ats_candidate_note_key")
        ]


class AtsApplication(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ats_applications")
    ats_job_application_id = models.CharField(max_length=200)
    ats_candidate_id = models.CharField(max_length=200, db_index=True)
    ats_job_posting_id = models.CharField(max_length=200, blank=True)
    ats_job_posting_name = models.CharField(max_length=200, blank=True)
    candidate_email = models.CharField(max_length=254, blank=True)
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=200, blank=True)
    disposition_reason = models.CharField(max_length=200, blank=True)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    ats_last_modified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ats_created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ats_job_application_id"], name="sandbox_ats_application_key"
            )
        ]


class AtsApplicationNote(models.Model):
    application = models.ForeignKey(AtsApplication, on_delete=models.CASCADE, related_name="notes")
    note_id = models.CharField(max_length=200)
    note = models.TextField()
    author_first_name = models.CharField(max_length=200, blank=True)
    author_last_name = models.CharField(max_length=200, blank=True)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ats_created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "note_id"], name="sandbox_ats_application_note_key"
            )
        ]


class AtsApplicationStage(models.Model):
    application = models.ForeignKey(AtsApplication, on_delete=models.CASCADE, related_name="stages")
    stage_id = models.CharField(max_length=200)
    stage = models.CharField(max_length=200)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ats_created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage_id"], name="sandbox_ats_application_stage_key"
            )
        ]


class AtsInterviewFeedback(models.Model):
    application = models.ForeignKey(AtsApplication, on_delete=models.CASCADE, related_name="feedback")
    feedback_id = models.CharField(max_length=200)
    feedback = models.TextField(blank=True)
    evaluations = models.JSONField(default=list, blank=True)
    interviewer_first_name = models.CharField(max_length=200, blank=True)
    interviewer_last_name = models.CharField(max_length=200, blank=True)
    interview_type = models.CharField(max_length=20, blank=True)
    ats_created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ats_created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "feedback_id"], name="sandbox_ats_feedback_key")
        ]


# ---- Recruiter history (issue 13): InMail threads, Recruiter notes and the stub profiles members share.


class InMailThread(models.Model):
    """An InMail conversation between one seat and one member."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="inmail_threads")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="inmail_threads")
    subject = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def urn(self):
        return f"urn:li:messagingThread:{self.pk}"


class InMailMessage(models.Model):
    thread = models.ForeignKey(InMailThread, on_delete=models.CASCADE, related_name="messages")
    # The thread's seat again, so that a seat's events in a window are one index range.
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    from_member = models.BooleanField(default=False)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["seat", "created_at", "id"], name="sandbox_inmail_by_seat")]


class RecruiterNote(models.Model):
    """A note a seat holder wrote on a member's profile; deleting one keeps it inactive, as LinkedIn
    reports deleted notes with active: false."""

    class Visibility(models.TextChoices):
        PUBLIC = "PUBLIC", "Everyone on the contract"
        PRIVATE = "PRIVATE", "Only me"

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="notes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="recruiter_notes")
    text = models.TextField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_modified", "-pk"]
        indexes = [models.Index(fields=["seat", "last_modified", "id"], name="sandbox_note_by_seat")]


class MailStub(models.Model):
    """A member who replied to a seat's InMail and chose to share their profile."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="mail_stubs")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="mail_stubs")
    email_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["seat", "member"], name="sandbox_mail_stub_once")]
        indexes = [models.Index(fields=["seat", "created_at", "id"], name="sandbox_stub_by_seat")]


class Project(models.Model):
    """A LinkedIn Recruiter project: a seat holder's list of people, filled by Save to project (the
    profile widget). Sandbox assumption: a project belongs to one seat and holds members, nothing more."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="projects")
    members = models.ManyToManyField(Member, blank=True, related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="sandbox_project_name_per_seat")
        ]

    def __str__(self):
        return self.name


class Export(models.Model):
    """One 1-click export: a Recruiter seat holder sent a member's profile into a job of an ATS. Its event
    is what the ATS fetches (`exportedCandidates?q=request&requestId=<event id>`); counted against the
    seat's 300 exports a month."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="export")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="exports")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="exports")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exports")
    job_posting = models.ForeignKey(
        "SimpleJobPosting", null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    external_job_posting_id = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email_addresses = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["seat", "created_at"], name="sandbox_export_seat_month")]

    def __str__(self):
        return f"{self.member} -> {self.external_job_posting_id}"


class AclEntityType(models.TextChoices):
    """LinkedIn's securable entity types (sync-acls): job postings, by their externalJobPostingId."""

    JOB_POSTING = "JOB_POSTING", "Job posting"


class AtsEntityAcl(models.Model):
    """One synced entity's membership of an ATS security group or role (atsEntityAclId)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="entity_acls")
    ats_entity_acl_id = models.CharField(max_length=200)
    ats_entity_type = models.CharField(max_length=20, choices=AclEntityType.choices)
    ats_entity_id = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ats_entity_type", "ats_entity_id", "ats_entity_acl_id"],
                name="sandbox_entity_acl_key",
            )
        ]


class AtsEntityAclAssignee(models.Model):
    """A LinkedIn member (the customer's user, bound by their person id) in an ATS security group or
    role for one entity type."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="entity_acl_assignees"
    )
    ats_entity_acl_id = models.CharField(max_length=200)
    ats_entity_type = models.CharField(max_length=20, choices=AclEntityType.choices)
    assignee = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="entity_acls")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ats_entity_type", "ats_entity_acl_id", "assignee"],
                name="sandbox_entity_acl_assignee_key",
            )
        ]
