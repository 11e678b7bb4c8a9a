from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django_countries.fields import CountryField

from candidates.search import search_key
from jobs.models import Job, JobRole, Stage, TimeStamped


class CandidateSource(models.TextChoices):
    CAREER_SITE = "CAREER_SITE", "Career site"
    MANUAL = "MANUAL", "Manual"
    LINKEDIN_EXPORT = "LINKEDIN_EXPORT", "LinkedIn export"
    LINKEDIN_INMAIL = "LINKEDIN_INMAIL", "LinkedIn InMail"
    TALENT_POOL = "TALENT_POOL", "Talent pool"
    APPLY_WITH_LINKEDIN = "APPLY_WITH_LINKEDIN", "Apply with LinkedIn"


class CandidateQuerySet(models.QuerySet):
    # Bulk writes skip save(), so they fill the search keys themselves (seed_demo and bench use them).
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for candidate in objs:
            candidate.fill_search_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        # Only the keys of the fields written: the others may not even be loaded (only(), defer()).
        for candidate in objs:
            candidate.fill_search_keys(only=fields)
        return super().bulk_update(objs, Candidate.with_search_keys(fields), *args, **kwargs)

    def visible_to(self, user):
        """Administrators and read-only users see everyone. Recruiters see the candidates of their jobs,
        those they added and talent-pool members; hiring managers and interviewers the candidates of the
        jobs they are on (interviewers: as interviewer)."""
        from attract import roles

        if not user.is_authenticated:
            return self.none()
        if roles.sees_everything(user):
            return self
        names = roles.role_names(user)
        # EXISTS per candidate row rather than IN (every visible candidate): a page of search results
        # then checks only the rows it shows, however many candidates there are. Written as "a seat of
        # the user's on a job this candidate applied to" so that PostgreSQL probes the candidate's own
        # applications per row; with "application.job IN my jobs" it hashed every application of the
        # user's jobs first, a cost that grew with them.
        on_the_job = Application.objects.filter(candidate=OuterRef(OuterRef("pk")), job_id=OuterRef("job_id"))
        condition = Exists(JobRole.objects.filter(user=user).filter(Exists(on_the_job))) | Q(created_by=user)
        if roles.RECRUITER in names:
            condition |= Exists(TalentPoolMember.objects.filter(candidate=OuterRef("pk")))
        return self.filter(condition)


class Candidate(TimeStamped):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="Unique, compared without case.")
    phone = models.CharField(max_length=40, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    current_company = models.CharField(max_length=200, blank=True, db_index=True)
    current_title = models.CharField(max_length=200, blank=True)
    linkedin_url = models.URLField("LinkedIn profile URL", blank=True)
    # As the member's LinkedIn profile gave it (Apply with LinkedIn); the current title stays the ATS's.
    headline = models.CharField("LinkedIn headline", max_length=255, blank=True)
    source = models.CharField(max_length=20, choices=CandidateSource.choices, default=CandidateSource.MANUAL)
    resume = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What search matches and sorts by: the column through candidates.search.search_key (no accents, no
    # case), kept here so that both databases compare the same strings through plain indexes.
    first_name_key = models.CharField(max_length=200, blank=True, editable=False)
    last_name_key = models.CharField(max_length=200, blank=True, editable=False)
    email_key = models.CharField(max_length=300, blank=True, editable=False)
    company_key = models.CharField(max_length=300, blank=True, editable=False)

    SEARCH_KEYS = {
        "first_name": "first_name_key",
        "last_name": "last_name_key",
        "email": "email_key",
        "current_company": "company_key",
    }

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="candidate_email_unique_ci"),
        ]
        indexes = [
            models.Index(Lower("email"), name="candidate_email_ci"),
            # A 1-click export finds the candidate by profile URL, written as people write it.
            models.Index(Upper("linkedin_url"), name="candidate_linkedin_url_ci"),
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="candidate_sync_order"),
            # Search matches the start of these keys as indexed ranges, and lists results in name order
            # straight from an index (the last name's range reads it in that order too).
            models.Index(fields=["last_name_key", "first_name_key", "id"], name="candidate_name_key_order"),
            models.Index(fields=["first_name_key"], name="candidate_first_name_key"),
            models.Index(fields=["email_key"], name="candidate_email_key"),
            models.Index(fields=["company_key"], name="candidate_company_key"),
            models.Index(fields=["last_name", "first_name", "id"], name="candidate_name_order"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def with_search_keys(cls, fields):
        """The fields of a partial write plus the keys that follow them."""
        fields = list(fields)
        return fields + [cls.SEARCH_KEYS[name] for name in fields if name in cls.SEARCH_KEYS]

    def fill_search_keys(self, *, only=None):
        """Normalise the email and compute the search keys (of the fields in `only`, or of all)."""
        names = self.SEARCH_KEYS.keys() if only is None else [n for n in self.SEARCH_KEYS if n in only]
        for name in names:
            if name == "email":
                self.email = (self.email or "").strip().lower()
            key = self.SEARCH_KEYS[name]
            setattr(self, key, search_key(getattr(self, name))[: self._meta.get_field(key).max_length])

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        self.fill_search_keys(only=None if update_fields is None else list(update_fields))
        if update_fields is not None:
            kwargs["update_fields"] = self.with_search_keys(update_fields)
        super().save(*args, **kwargs)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from attract import roles

        if not user.is_authenticated:
            return self.none()
        if roles.sees_everything(user):
            return self
        return self.filter(job__in=Job.objects.visible_to(user).values("pk"))

    # What is kept in step elsewhere by reading rows past their updated_at (the LinkedIn In-ATS sync)
    # sees only rows that changed. These two stamp rows as changed now for what happened beside them.
    # QuerySet methods so that jobs' services reach them through job.applications (jobs does not
    # import candidates).

    def touch(self):
        """The applications, when text they carry from another row changed: the candidate's name or
        email, the job's title."""
        return self.update(updated_at=timezone.now())

    def touch_records(self):
        """The notes, feedback and stage changes of these applications, when the applications become
        eligible again (out of Prospect, their job out of Draft): records written meanwhile were passed
        over, and the sync's cursor has moved past them."""
        now, ids = timezone.now(), self.values("pk")
        for model in (StageChange, Note, InterviewFeedback):
            model.objects.filter(application__in=ids).update(updated_at=now)


class Application(TimeStamped):
    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        REJECTED = "REJECTED", "Rejected"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"
        HIRED = "HIRED", "Hired"

    class RejectReason(models.TextChoices):
        NOT_QUALIFIED = "NOT_QUALIFIED", "Not qualified"
        OVERQUALIFIED = "OVERQUALIFIED", "Overqualified"
        POSITION_FILLED = "POSITION_FILLED", "Position filled"
        CANDIDATE_DECLINED = "CANDIDATE_DECLINED", "Candidate declined"
        NO_SHOW = "NO_SHOW", "Did not show up"
        OTHER = "OTHER", "Other"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    source = models.CharField(max_length=20, choices=CandidateSource.choices, default=CandidateSource.MANUAL)
    cover_letter = models.TextField(blank=True)
    resume = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    # Optimistic concurrency: every change bumps it; a form carrying an older value is a conflict.
    version = models.PositiveIntegerField(default=1)
    # When the applicant was sent the confirmation of their application (career site only): claimed
    # before sending, so a retried or repeated task does not mail them twice.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="application_unique_candidate_job"),
        ]
        indexes = [
            models.Index(fields=["job", "stage", "status"]),
            # The pipeline reads the first cards of each column, most recently changed first.
            models.Index(fields=["job", "stage", "updated_at", "id"], name="application_board_order"),
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="application_sync_order"),
        ]

    def __str__(self):
        return f"{self.candidate} for {self.job.code}"


class StageChange(TimeStamped):
    """One line of an application's history: created, moved, rejected, hired, withdrawn, reopened."""

    class Kind(models.TextChoices):
        CREATED = "CREATED", "Added"
        MOVED = "MOVED", "Moved"
        REJECTED = "REJECTED", "Rejected"
        HIRED = "HIRED", "Hired"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"
        REOPENED = "REOPENED", "Reopened"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MOVED)
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="stage_change_sync_order"),
        ]


class NoteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class Note(TimeStamped):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A candidate's timeline reads the newest notes first and stops after a page.
            models.Index(fields=["candidate", "created_at", "id"], name="note_candidate_timeline"),
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="note_sync_order"),
        ]


class FeedbackQuerySet(NoteQuerySet):
    def visible_to(self, user):
        """Feedback the user may read. Administrators, read-only observers (who never give feedback) and
        the job's recruiters read all of it; anyone else on the team reads an application's feedback only
        once they have given their own on it, so that colleagues' verdicts do not colour theirs."""
        from attract import roles

        if not user.is_authenticated:
            return self.none()
        if roles.is_admin(user) or roles.is_read_only(user):
            return self
        recruiting = JobRole.objects.filter(user=user, role=JobRole.Role.RECRUITER).values("job_id")
        given = InterviewFeedback.objects.alive().filter(interviewer=user).values("application_id")
        return self.filter(
            Q(interviewer=user) | Q(application__job_id__in=recruiting) | Q(application_id__in=given)
        )


class InterviewFeedback(TimeStamped):
    class Recommendation(models.TextChoices):
        STRONG_YES = "STRONG_YES", "Strong hire"
        YES = "YES", "Hire"
        NO = "NO", "No hire"
        STRONG_NO = "STRONG_NO", "Strong no hire"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="feedback")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices)
    comments = models.TextField(blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]
        indexes = [
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="feedback_sync_order"),
        ]


class TalentPool(TimeStamped):
    LINKEDIN_KEY = "linkedin"

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    system_key = models.CharField(max_length=30, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_system(self):
        return self.system_key is not None


class TalentPoolMember(TimeStamped):
    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="members")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="pool_memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["pool", "candidate"], name="pool_member_unique")]


class Removal(models.Model):
    """A candidate deleted or anonymised, or an application removed: the trace that stays so that a copy
    of Attract's data kept elsewhere (the LinkedIn In-ATS sync) can remove it too. Written by the
    services that remove, in the same transaction; read past a cursor on (created_at, id)."""

    class Kind(models.TextChoices):
        CANDIDATE = "CANDIDATE", "Candidate"
        APPLICATION = "APPLICATION", "Application"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    candidate_id = models.BigIntegerField(help_text="The candidate, or the application's candidate.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="removal_kind_object")]


class CandidateEvent(TimeStamped):
    """A line of a candidate's activity that is neither a stage change, a note nor feedback: something
    that happened to the candidate elsewhere (an export from LinkedIn Recruiter), written by the service
    of whoever knows it through candidates' own service."""

    class Kind(models.TextChoices):
        LINKEDIN_EXPORT = "LINKEDIN_EXPORT", "Exported from LinkedIn Recruiter"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["candidate", "created_at", "id"], name="candidate_event_timeline")]
