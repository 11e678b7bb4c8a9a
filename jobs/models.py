from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

# "In pipeline", wherever a count of a job's candidates is shown (job list, board): applications that are
# active or hired, i.e. every card on the board; rejected and withdrawn ones are counted apart.
# (Application statuses, spelt out here because jobs does not import candidates.)
IN_PIPELINE = ("ACTIVE", "HIRED")
IN_PIPELINE_MEANS = "active and hired candidates; rejected and withdrawn ones are not counted"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class WorkplaceType(models.TextChoices):
    ON_SITE = "ON_SITE", "On-site"
    HYBRID = "HYBRID", "Hybrid"
    REMOTE = "REMOTE", "Remote"


class EmploymentType(models.TextChoices):
    FULL_TIME = "FULL_TIME", "Full-time"
    PART_TIME = "PART_TIME", "Part-time"
    CONTRACT = "CONTRACT", "Contract"
    TEMPORARY = "TEMPORARY", "Temporary"
    INTERNSHIP = "INTERNSHIP", "Internship"
    VOLUNTEER = "VOLUNTEER", "Volunteer"


class Seniority(models.TextChoices):
    ENTRY_LEVEL = "ENTRY_LEVEL", "Entry level"
    ASSOCIATE = "ASSOCIATE", "Associate"
    MID_SENIOR_LEVEL = "MID_SENIOR_LEVEL", "Mid-Senior level"
    DIRECTOR = "DIRECTOR", "Director"
    EXECUTIVE = "EXECUTIVE", "Executive"
    INTERNSHIP = "INTERNSHIP", "Internship"
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"


class JobFunction(models.TextChoices):
    """LinkedIn's job-function codes, with their plain names."""

    ACCOUNTING = "acct", "Accounting / Auditing"
    ADMINISTRATIVE = "adm", "Administrative"
    ANALYST = "anls", "Analyst"
    CUSTOMER_SERVICE = "cust", "Customer Service"
    DESIGN = "dsgn", "Design"
    EDUCATION = "edu", "Education"
    ENGINEERING = "eng", "Engineering"
    FINANCE = "fin", "Finance"
    HEALTH_CARE = "hcpr", "Health Care Provider"
    HUMAN_RESOURCES = "hr", "Human Resources"
    INFORMATION_TECHNOLOGY = "it", "Information Technology"
    LEGAL = "lgl", "Legal"
    MANAGEMENT = "mgmt", "Management"
    MARKETING = "mrkt", "Marketing"
    OPERATIONS = "othr", "Other"
    PRODUCT_MANAGEMENT = "prdm", "Product Management"
    PROJECT_MANAGEMENT = "prjm", "Project Management"
    RESEARCH = "rsch", "Research"
    SALES = "sale", "Sales"
    SUPPLY_CHAIN = "supl", "Supply Chain"


class Industry(models.IntegerChoices):
    """A subset of LinkedIn's numeric industry codes."""

    SOFTWARE = 4, "Software Development"
    BANKING = 41, "Banking"
    HOSPITALS = 14, "Hospitals and Health Care"
    RETAIL = 27, "Retail"
    IT_SERVICES = 96, "IT Services and IT Consulting"
    FINANCIAL_SERVICES = 43, "Financial Services"
    HIGHER_EDUCATION = 68, "Higher Education"
    MANUFACTURING = 25, "Manufacturing"
    STAFFING = 104, "Staffing and Recruiting"
    TELECOMMUNICATIONS = 8, "Telecommunications"
    MARKETING = 80, "Advertising Services"
    NON_PROFIT = 100, "Non-profit Organizations"


class SalaryPeriod(models.TextChoices):
    YEARLY = "YEARLY", "per year"
    MONTHLY = "MONTHLY", "per month"
    WEEKLY = "WEEKLY", "per week"
    DAILY = "DAILY", "per day"
    HOURLY = "HOURLY", "per hour"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs a user may open: administrators and read-only users see all, others the jobs whose hiring
        team they are on. Creating a job gives no lasting access of its own (job_create puts the creator
        on the team), so someone taken off the team loses the job."""
        from attract import roles

        if not user.is_authenticated:
            return self.none()
        if roles.sees_everything(user):
            return self
        return self.filter(pk__in=JobRole.objects.filter(user=user).values("job_id"))

    def with_pipeline_count(self):
        """`pipeline_count`: the job's candidates in the pipeline (IN_PIPELINE), as its board counts them."""
        return self.annotate(
            pipeline_count=models.Count(
                "applications", filter=Q(applications__status__in=IN_PIPELINE), distinct=True
            )
        )

    def active_public(self):
        return self.filter(status=Job.Status.ACTIVE, visibility=Job.Visibility.PUBLIC)

    def open_to_applicants(self):
        """Active public jobs whose application deadline, if any, has not passed: the career site's."""
        from django.utils import timezone

        return self.active_public().filter(Q(apply_by__isnull=True) | Q(apply_by__gte=timezone.localdate()))


class Job(TimeStamped):
    class Visibility(models.TextChoices):
        PUBLIC = "PUBLIC", "Public"
        INTERNAL = "INTERNAL", "Internal"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        ACTIVE = "ACTIVE", "Active"
        CLOSED = "CLOSED", "Closed"

    class CloseReason(models.TextChoices):
        CANCELLED = "CANCELLED", "Cancelled"
        POSITION_FILLED = "POSITION_FILLED", "Position filled"

    code = models.CharField(max_length=40, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Basic formatting only; other markup is removed.")
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("region / state", max_length=100, blank=True)
    country = CountryField(blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    workplace_type = models.CharField(
        max_length=10, choices=WorkplaceType.choices, default=WorkplaceType.ON_SITE
    )
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True)
    job_functions = models.JSONField(default=list, blank=True)
    industry = models.PositiveIntegerField(choices=Industry.choices, null=True, blank=True)
    openings = models.PositiveIntegerField(default=1)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    salary_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    salary_period = models.CharField(max_length=10, choices=SalaryPeriod.choices, blank=True)
    salary_public = models.BooleanField(
        default=False, help_text="Show the salary range on the career site and job postings."
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_jobs")
    apply_by = models.DateField(
        "apply by",
        null=True,
        blank=True,
        help_text="The last day to apply (optional). After it the job leaves the career site and LinkedIn; "
        "it stays open here until you close it.",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            # The LinkedIn In-ATS sync reads rows past a (updated_at, id) cursor, in that order.
            models.Index(fields=["updated_at", "id"], name="job_sync_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="CLOSED", close_reason__in=["CANCELLED", "POSITION_FILLED"])
                | (~Q(status="CLOSED") & Q(close_reason="")),
                name="job_close_reason_iff_closed",
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="job_openings_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def process_locked(self):
        return not self.is_draft

    @property
    def location_display(self):
        parts = [self.city, self.region, self.country.name if self.country else ""]
        return ", ".join(p for p in parts if p)


class StageKind(models.TextChoices):
    PROSPECT = "PROSPECT", "Prospect"
    APPLICATION = "APPLICATION", "Application"
    CUSTOM = "CUSTOM", "Custom"
    OFFER = "OFFER", "Offer"


class Stage(TimeStamped):
    """One step of a job's hiring process, ordered by position."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=StageKind.choices, default=StageKind.CUSTOM)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "kind"],
                condition=~Q(kind="CUSTOM"),
                name="stage_one_of_each_fixed_kind_per_job",
            ),
        ]

    def __str__(self):
        return self.name


class ProcessTemplateStage(models.Model):
    """The default hiring process, copied into every new job. Administrators edit it."""

    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=StageKind.choices, default=StageKind.CUSTOM)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class JobRole(TimeStamped):
    """A person on a job's hiring team."""

    class Role(models.TextChoices):
        RECRUITER = "RECRUITER", "Recruiter"
        HIRING_MANAGER = "HIRING_MANAGER", "Hiring manager"
        INTERVIEWER = "INTERVIEWER", "Interviewer"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["job", "user", "role"], name="jobrole_unique")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) on {self.job.code}"


class JobEvent(models.Model):
    """One line of a job's own history: activated, closed (with its reason), reopened."""

    class Kind(models.TextChoices):
        ACTIVATED = "ACTIVATED", "Activated"
        CLOSED = "CLOSED", "Closed"
        REOPENED = "REOPENED", "Reopened"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.job.code} {self.get_kind_display()}"
