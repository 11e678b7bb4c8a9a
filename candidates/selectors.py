"""Reads for the candidates app, permissions applied.

Every list here costs a fixed number of queries whatever the amount of data: the pipeline shows per
stage a count (one aggregate) and the first cards, the profile the latest activity, search a page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime

from attract import roles
from candidates.models import (
    Application,
    Candidate,
    CandidateEvent,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
)
from candidates.search import search_key
from jobs.models import Job, JobRole, Stage
from jobs.permissions import can_view_job

CARDS_PER_COLUMN = 10
SEARCH_PAGE_SIZE = 25
# Search reads up to the end of the page asked for, so deep pages cost more: past this one, refine.
SEARCH_MAX_PAGE = 40
ACTIVITY_PAGE_SIZE = 10
POOL_PAGE_SIZE = 25
JOB_CHOICES_LIMIT = 200

BOARD_STATUSES = {
    # The board shows who is in the running (and who was hired); "closed" lists the others so they
    # can be reopened.
    "open": (Application.Status.ACTIVE, Application.Status.HIRED),
    "closed": (Application.Status.REJECTED, Application.Status.WITHDRAWN),
}


def can_edit_candidates(user) -> bool:
    """Create and edit candidate profiles: administrators, recruiters and hiring managers."""
    if roles.is_read_only(user):
        return False
    return bool(roles.role_names(user) & {roles.ADMINISTRATOR, roles.RECRUITER, roles.HIRING_MANAGER})


def can_write_notes(user) -> bool:
    return user.is_authenticated and not roles.is_read_only(user)


def can_view_pools(user) -> bool:
    """Pools hold candidates from anywhere, so only those who may see them all open pools."""
    return bool(roles.role_names(user) & {roles.ADMINISTRATOR, roles.RECRUITER, roles.READ_ONLY})


def can_manage_pools(user) -> bool:
    return not roles.is_read_only(user) and bool(
        roles.role_names(user) & {roles.ADMINISTRATOR, roles.RECRUITER}
    )


def visible_job_or_404(user, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(user).select_related("owner"), pk=pk)


def manageable_open_jobs(user):
    """Open jobs on which the user may put candidates (for 'Add to job' and 'Push to job')."""
    jobs = Job.objects.filter(status__in=(Job.Status.DRAFT, Job.Status.ACTIVE)).order_by("-created_at")
    if roles.is_read_only(user):
        return jobs.none()
    if not roles.is_admin(user):
        mine = JobRole.objects.filter(
            user=user, role__in=(JobRole.Role.RECRUITER, JobRole.Role.HIRING_MANAGER)
        ).values("job_id")
        jobs = jobs.filter(pk__in=mine)
    return jobs


@dataclass
class Column:
    stage: Stage
    count: int
    cards: list = field(default_factory=list)
    # Where "Show more" continues: the last card shown, as "<updated_at>,<id>".
    next_after: str | None = None


def _cursor_of(application) -> str:
    return f"{application.updated_at.isoformat()},{application.pk}"


def _parse_cursor(text: str | None):
    """(updated_at, id) from a "Show more" link; None (the first cards) when it is missing or junk."""
    at, _, pk = (text or "").rpartition(",")
    try:
        when, pk = parse_datetime(at), int(pk)
    except ValueError:
        return None
    # An id past the database's integer range would make the query itself fail.
    return (when, pk) if when is not None and 0 < pk < 2**63 else None


@dataclass
class Pipeline:
    job: Job
    stages: list
    columns: list
    view: str
    totals: dict
    has_hire: bool


def _cards_query(job, statuses):
    return (
        Application.objects.filter(job=job, status__in=statuses)
        .select_related("candidate")
        .only(
            "pk",
            "job_id",
            "stage_id",
            "status",
            "reject_reason",
            "version",
            "source",
            "updated_at",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__current_title",
            "candidate__current_company",
        )
        .order_by("-updated_at", "-pk")
    )


def pipeline_for_job(job: Job, user, *, view: str = "open") -> Pipeline:
    """The board of a job: every stage with its count (one aggregate) and its first cards."""
    if not can_view_job(user, job):
        raise PermissionDenied
    view = view if view in BOARD_STATUSES else "open"
    statuses = BOARD_STATUSES[view]
    stages = list(job.stages.all())
    counts: dict[int, int] = {}
    totals = {status: 0 for status in Application.Status.values}
    for row in Application.objects.filter(job=job).values("stage_id", "status").annotate(n=Count("pk")):
        totals[row["status"]] += row["n"]
        if row["status"] in statuses:
            counts[row["stage_id"]] = counts.get(row["stage_id"], 0) + row["n"]
    # One short query per column, each an index range scan (application_board_order) that stops
    # after the first cards: the cost follows the number of stages, not of applications.
    cards_query = _cards_query(job, statuses)
    # One card past the page says whether "Show more" is needed: the count above may already be stale.
    by_stage = {stage.pk: list(cards_query.filter(stage=stage)[: CARDS_PER_COLUMN + 1]) for stage in stages}
    columns = []
    for stage in stages:
        cards = by_stage[stage.pk]
        columns.append(
            Column(
                stage=stage,
                count=counts.get(stage.pk, 0),
                cards=cards[:CARDS_PER_COLUMN],
                next_after=_cursor_of(cards[CARDS_PER_COLUMN - 1]) if len(cards) > CARDS_PER_COLUMN else None,
            )
        )
    return Pipeline(
        job=job,
        stages=stages,
        columns=columns,
        view=view,
        totals=totals,
        has_hire=totals[Application.Status.HIRED] > 0,
    )


def pipeline_column(job: Job, user, *, stage: Stage, after: str | None = None, view: str = "open") -> Column:
    """The cards of one column after a given card, for its "Show more" button.

    Keyset paging on (updated_at, id), the board's own order: while others move cards, a card moved
    away does not shift the rest into a page already shown (skipped), and one moved in lands at the top
    instead of being shown again further down.
    """
    if not can_view_job(user, job):
        raise PermissionDenied
    statuses = BOARD_STATUSES.get(view, BOARD_STATUSES["open"])
    cards = _cards_query(job, statuses).filter(stage=stage)
    cursor = _parse_cursor(after)
    if cursor is not None:
        when, pk = cursor
        cards = cards.filter(Q(updated_at__lt=when) | Q(updated_at=when, pk__lt=pk))
    rows = list(cards[: CARDS_PER_COLUMN + 1])
    shown = rows[:CARDS_PER_COLUMN]
    has_more = len(rows) > CARDS_PER_COLUMN
    return Column(stage=stage, count=-1, cards=shown, next_after=_cursor_of(shown[-1]) if has_more else None)


@dataclass
class ResultPage:
    items: list
    number: int
    has_next: bool
    # More results exist past the last page search shows: the query should be narrowed.
    capped: bool = False

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def previous_number(self):
        return self.number - 1


def _slice_page(queryset, page: int, size: int) -> ResultPage:
    """A page without counting every match: fetch one row more than shown to know if more exist."""
    page = max(page, 1)
    start = (page - 1) * size
    rows = list(queryset[start : start + size + 1])
    return ResultPage(items=rows[:size], number=page, has_next=len(rows) > size)


# Search compares the normalised keys (candidates.search): no accents, no case, on every database.
SEARCH_FIELDS = ("first_name_key", "last_name_key", "email_key", "company_key")


def _prefix_range(term: str) -> tuple[str, str]:
    """The half-open range of strings starting with term: ["smi", "smj")."""
    return term, term[:-1] + chr(ord(term[-1]) + 1)


def _search_term_condition(term: str, fields=SEARCH_FIELDS) -> Q:
    """Matches a word at the start of a first name, last name, email or current company.

    Written as ranges over the key columns so that each side is an indexed look-up instead of a scan of
    every candidate. The term is already a key (search_key).
    """
    low, high = _prefix_range(term)
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__gte": low, f"{name}__lt": high})
    return condition


# Name order without regard to case or accents; the candidate_name_key_order index holds it, so a page
# of results is read from the index in order and the database stops once the page is full.
NAME_ORDER = ("last_name_key", "first_name_key", "pk")
SEARCH_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "email",
    "current_company",
    "current_title",
    "city",
    "country",
)


def candidate_search(user, query: str = "", *, page: int = 1) -> ResultPage:
    """Candidates the user may see whose name, email or current company starts with every word of
    the query, in name order, a page at a time.

    Limit-first: every result has the query's first word at the start of one of the four columns, so
    each column gives at most its first visible matches up to the end of the page (an indexed range,
    read in name order where the column is the last name), and only those are merged and sorted. The
    cost follows the page, not the number of matching or visible candidates. There is no total count:
    the page links to the next one when there is more. Rows come as dicts of the shown columns.
    """
    page = min(max(page, 1), SEARCH_MAX_PAGE)
    end = page * SEARCH_PAGE_SIZE
    visible = Candidate.objects.visible_to(user)
    terms = search_key(query).split()[:6]
    if terms:
        rest = Q()
        if len(terms) > 1:
            every_word = Q()
            for term in terms[1:]:
                every_word &= _search_term_condition(term)
            # "analytical eng" also finds the company "Analytical Engines": the query as one phrase.
            rest = every_word | _search_term_condition(" ".join(terms))
        last_name = visible.filter(_search_term_condition(terms[0], fields=("last_name_key",)), rest)
        others = visible.filter(
            _search_term_condition(terms[0], fields=("first_name_key", "email_key", "company_key")), rest
        )
        # Each list is read on its own (two short queries) and the page is sorted from their ids: as
        # subqueries under an OR, PostgreSQL walked the name index from "A" to reach them.
        firsts = [
            *last_name.order_by(*NAME_ORDER).values_list("pk", flat=True)[: end + 1],
            *others.order_by(*NAME_ORDER).values_list("pk", flat=True)[: end + 1],
        ]
        candidates = Candidate.objects.filter(pk__in=firsts)
    else:
        candidates = visible
    rows = list(candidates.order_by(*NAME_ORDER).values(*SEARCH_COLUMNS)[end - SEARCH_PAGE_SIZE : end + 1])
    more = len(rows) > SEARCH_PAGE_SIZE
    last = page == SEARCH_MAX_PAGE
    return ResultPage(
        items=rows[:SEARCH_PAGE_SIZE], number=page, has_next=more and not last, capped=more and last
    )


def visible_candidate_or_404(user, pk) -> Candidate:
    return get_object_or_404(Candidate.objects.visible_to(user).select_related("created_by"), pk=pk)


def candidate_applications(candidate: Candidate, user) -> list:
    """The candidate's applications on jobs the user can see, newest first."""
    return list(
        Application.objects.visible_to(user)
        .filter(candidate=candidate)
        .select_related("job", "stage")
        .order_by("-created_at", "-pk")
    )


def candidate_pool_memberships(candidate: Candidate) -> list:
    return list(candidate.pool_memberships.select_related("pool").order_by("pool__name"))


@dataclass
class ActivityItem:
    kind: str  # "stage", "note", "feedback" or "event"
    at: datetime
    obj: object


@dataclass
class ActivityPage:
    items: list
    number: int
    has_next: bool

    @property
    def next_number(self):
        return self.number + 1


def candidate_activity(candidate: Candidate, user, *, page: int = 1) -> ActivityPage:
    """Stage changes of every visible application, notes and feedback, newest first, a page at a time.

    Each source is read up to the end of the requested page (one bounded query each) and merged here,
    so a candidate with hundreds of notes costs the same as one with five.
    """
    page = max(page, 1)
    limit = page * ACTIVITY_PAGE_SIZE
    stage_changes = StageChange.objects.filter(application__candidate=candidate)
    notes = Note.objects.alive().filter(candidate=candidate)
    # Whatever else the user sees, colleagues' feedback waits for their own (FeedbackQuerySet.visible_to).
    feedback = InterviewFeedback.objects.alive().visible_to(user).filter(application__candidate=candidate)
    events = CandidateEvent.objects.filter(candidate=candidate)
    if not roles.sees_everything(user):
        visible = Application.objects.visible_to(user).filter(candidate=candidate).values("pk")
        stage_changes = stage_changes.filter(application__in=visible)
        notes = notes.filter(Q(application__isnull=True) | Q(application__in=visible))
        feedback = feedback.filter(application__in=visible)
        events = events.filter(Q(application__isnull=True) | Q(application__in=visible))
    # Only the columns the timeline shows: a job's description, say, would be read once per line.
    person = ("first_name", "last_name", "username")
    sources = [
        (
            "stage",
            stage_changes.select_related("application__job", "from_stage", "to_stage", "by").only(
                "kind",
                "detail",
                "created_at",
                "application__job__code",
                "from_stage__name",
                "to_stage__name",
                *(f"by__{f}" for f in person),
            ),
        ),
        (
            "note",
            notes.select_related("author", "application__job").only(
                "body",
                "created_at",
                "candidate_id",
                "application__job__code",
                *(f"author__{f}" for f in person),
            ),
        ),
        (
            "feedback",
            feedback.select_related("interviewer", "application__job").only(
                "rating",
                "recommendation",
                "comments",
                "created_at",
                "application__job__code",
                *(f"interviewer__{f}" for f in person),
            ),
        ),
        (
            "event",
            events.select_related("by", "application__job").only(
                "kind", "detail", "created_at", "application__job__code", *(f"by__{f}" for f in person)
            ),
        ),
    ]
    merged = []
    for kind, queryset in sources:
        rows = queryset.order_by("-created_at", "-pk")[: limit + 1]
        merged.extend(ActivityItem(kind=kind, at=row.created_at, obj=row) for row in rows)
    merged.sort(key=lambda item: (item.at, item.obj.pk), reverse=True)
    return ActivityPage(
        items=merged[limit - ACTIVITY_PAGE_SIZE : limit], number=page, has_next=len(merged) > limit
    )


def pools_for_user(user) -> list:
    if not can_view_pools(user):
        raise PermissionDenied
    return list(TalentPool.objects.annotate(member_count=Count("members")).order_by("name"))


def pool_or_404(user, pk) -> TalentPool:
    if not can_view_pools(user):
        raise PermissionDenied
    return get_object_or_404(TalentPool, pk=pk)


def pool_members(pool: TalentPool, *, page: int = 1) -> ResultPage:
    members = (
        TalentPoolMember.objects.filter(pool=pool)
        .select_related("candidate", "added_by")
        .order_by("-created_at", "-pk")
    )
    return _slice_page(members, page, POOL_PAGE_SIZE)
