"""What the In-ATS sync sends, one Stream per kind: which rows, in what order, the exact fields of the
contract ("Data Attract pushes once Enabled"), and which LinkedIn call carries them.

Each stream reads its source rows past a cursor on (time field, id) and sends the entity as it is now
(an edit is a full replace; a soft-deleted note or feedback is a DELETE), so replaying a batch is
harmless and the order of two changes to the same entity never matters."""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from candidates.models import Application, Candidate, InterviewFeedback, Note, Removal, StageChange
from jobs.models import Job, StageKind
from linkedin_integration.client import LinkedInError, assumed
from linkedin_integration.models import MemberLink, MemberUnlink, SyncedJob
from linkedin_integration.models import SyncResource as R

Kind = R.Kind


@dataclass
class Outcome:
    """What LinkedIn made of a batch: the rows it accepted and those it refused (with its error)."""

    accepted: list[int] = field(default_factory=list)
    refused: dict[int, LinkedInError] = field(default_factory=dict)
    # Job posting tasks to read later, by job id.
    tasks: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Stream:
    kind: str
    time_field: str
    rows: Callable[[], QuerySet]
    send: Callable  # (client, context, rows) -> Outcome; raises LinkedInError when the whole call failed
    label: Callable[[object], str]
    depends_on: tuple[str, ...] = ()
    # The kind's rows with filters on its own table only (no join): where the engine reads keys in order.
    scan: Callable[[], QuerySet] | None = None

    def keys(self) -> QuerySet:
        return self.scan() if self.scan else self.rows().model._default_manager.all()


def ms(value) -> int:
    return int(value.timestamp() * 1000)


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _person(user) -> dict:
    if user is None:
        return {"firstName": "", "lastName": ""}
    return {"firstName": user.first_name or user.get_username(), "lastName": user.last_name}


def _removed_candidate():
    return Exists(Removal.objects.filter(kind=Removal.Kind.CANDIDATE, object_id=OuterRef("candidate_id")))


def _collect(outcome: Outcome, ids_by_key: dict[str, list[int]], result, *, delete=False) -> None:
    """Fold a BatchResult keyed by LinkedIn key into an Outcome over row ids. A delete LinkedIn does not
    find (404) is done: the entity is gone either way."""
    for key, rows in ids_by_key.items():
        error = result.errors.get(key)
        if error is not None and not (delete and error.status == 404):
            if not error.permanent:
                raise error  # a key LinkedIn could not handle now: the whole batch is tried again later
            for row_id in rows:
                outcome.refused[row_id] = error
        else:
            outcome.accepted.extend(rows)


# Jobs

JOB_STATES = {Job.Status.ACTIVE: "LISTED", Job.Status.CLOSED: "CLOSED"}


def job_location(job: Job) -> str:
    """ "CITY, REGION" or "CITY, COUNTRY", as the contract writes it."""
    second = job.region or (job.country.code if job.country else "")
    return ", ".join(part for part in (job.city, second) if part)


def job_posting(job: Job, context: str, operation: str) -> dict:
    public = job.visibility == Job.Visibility.PUBLIC
    apply_url = _site(f"/careers/{job.code}/") if public else _site(f"/jobs/{job.pk}/")
    return {
        "integrationContext": context,
        "externalJobPostingId": job.code,
        "title": job.title[:200],
        "description": job.description,
        "location": job_location(job),
        "state": JOB_STATES[job.status],
        "companyApplyUrl": apply_url,
        "listedAt": ms(job.activated_at or job.created_at),
        "jobPostingOperationType": operation,
        "availability": "PRIVATE_TO_ATS_INTEGRATION",
    }


def _jobs():
    synced = SyncedJob.objects.filter(job=OuterRef("pk"))
    return (
        Job.objects.exclude(status=Job.Status.DRAFT)
        .annotate(
            synced_urn=SyncedJob.objects.filter(job=OuterRef("pk")).values("organization_urn")[:1],
            was_closed=Exists(synced.filter(operation="CLOSE")),
        )
        .only(
            "code",
            "title",
            "description",
            "city",
            "region",
            "country",
            "status",
            "visibility",
            "activated_at",
            "created_at",
            "updated_at",
        )
    )


def _send_jobs(client, context, jobs) -> Outcome:
    outcome = Outcome()
    elements = []
    for job in jobs:
        known = job.synced_urn == context
        if not known:
            operation = "CREATE"
        elif job.status == Job.Status.CLOSED:
            operation = "UPDATE" if job.was_closed else "CLOSE"
        else:
            operation = "UPDATE"
        job.operation = operation
        elements.append(job_posting(job, context, operation))
    answers = client.post_job_postings(elements)
    for job, answer in zip(jobs, answers, strict=True):
        if isinstance(answer, LinkedInError):
            if not answer.permanent:
                raise answer
            outcome.refused[job.pk] = answer
        else:
            outcome.accepted.append(job.pk)
            outcome.tasks[job.pk] = (answer, job.operation)
    return outcome


# Candidates


def candidate_entity(candidate: Candidate) -> dict:
    address = [
        {
            "line1": "",
            "city": candidate.city,
            "geographicArea": candidate.region,
            "postalCode": "",
            "country": candidate.country.code if candidate.country else "",
        }
    ]
    has_address = candidate.city or candidate.region or candidate.country
    created = ms(candidate.created_at)
    return {
        "firstName": candidate.first_name or "-",
        "lastName": candidate.last_name,
        "emailAddresses": [candidate.email] if candidate.email else [],
        "phoneNumbers": [{"number": candidate.phone, "extension": ""}] if candidate.phone else [],
        "addresses": address if has_address else [],
        "currentCompanyName": candidate.current_company,
        "currentJobTitle": candidate.current_title,
        "linkedInProfileUrl": candidate.linkedin_url,
        "externalProfileUrl": _site(f"/candidates/{candidate.pk}/"),
        "atsCreatedAt": created,
        "atsLastModifiedAt": max(created, ms(candidate.updated_at)),
    }


def _candidates():
    removed = Exists(Removal.objects.filter(kind=Removal.Kind.CANDIDATE, object_id=OuterRef("pk")))
    return Candidate.objects.exclude(removed).defer("resume")


def _send_candidates(client, context, candidates) -> Outcome:
    outcome = Outcome()
    entities = {str(c.pk): candidate_entity(c) for c in candidates}
    _collect(outcome, {str(c.pk): [c.pk] for c in candidates}, client.put_candidates(context, entities))
    return outcome


def _send_links(client, context, rows, current: Callable[[list[int]], dict[int, str]]) -> Outcome:
    """Each row names a candidate whose manual match changed: send the link as it is now."""
    outcome = Outcome()
    by_candidate: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_candidate[str(row.candidate_id)].append(row.pk)
    links = current([int(candidate_id) for candidate_id in by_candidate])
    patches = {candidate_id: links.get(int(candidate_id)) for candidate_id in by_candidate}
    _collect(outcome, by_candidate, client.link_candidates(context, patches))
    return outcome


def _current_links(candidate_ids: list[int]) -> dict[int, str]:
    return dict(
        MemberLink.objects.filter(candidate_id__in=candidate_ids).values_list("candidate_id", "member_urn")
    )


# Applications

DISPOSITIONS = {
    Application.Status.HIRED: "Hired",
    Application.Status.WITHDRAWN: "Withdrawn",
}


def disposition(application: Application) -> str:
    if application.status == Application.Status.REJECTED:
        label = Application.RejectReason(application.reject_reason).label if application.reject_reason else ""
        return f"Rejected: {label}" if label else "Rejected"
    return DISPOSITIONS.get(application.status, "")


def application_entity(application: Application) -> dict:
    candidate, job = application.candidate, application.job
    created = ms(application.created_at)
    return {
        "atsCandidateId": str(candidate.pk),
        "atsJobPostingId": job.code,
        "atsJobPostingName": job.title[:200],
        "candidateEmail": candidate.email,
        "firstName": candidate.first_name,
        "lastName": candidate.last_name,
        "source": application.get_source_display(),
        "dispositionReason": disposition(application),
        "atsCreatedAt": created,
        "atsLastModifiedAt": max(created, ms(application.updated_at)),
    }


def _applications():
    return (
        Application.objects.exclude(stage__kind=StageKind.PROSPECT)
        .exclude(job__status=Job.Status.DRAFT)
        .exclude(_removed_candidate())
        .select_related("candidate", "job")
        .only(
            "status",
            "reject_reason",
            "source",
            "created_at",
            "updated_at",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__email",
            "job__code",
            "job__title",
        )
    )


def _send_applications(client, context, applications) -> Outcome:
    outcome = Outcome()
    entities = {str(a.pk): application_entity(a) for a in applications}
    _collect(outcome, {str(a.pk): [a.pk] for a in applications}, client.put_applications(context, entities))
    return outcome


# Sub-resources: one call per parent (the parent's key is in the path).

STAGE_WORDS = {
    StageChange.Kind.HIRED: "Hired",
    StageChange.Kind.REJECTED: "Rejected",
    StageChange.Kind.WITHDRAWN: "Withdrawn",
}


def stage_record(change: StageChange) -> dict:
    name = STAGE_WORDS.get(change.kind) or (change.to_stage.name if change.to_stage_id else "") or "Stage"
    return {"atsCreatedAt": ms(change.created_at), "stage": name[:200]}


def note_record(note: Note) -> dict:
    return {"atsCreatedAt": ms(note.created_at), "note": note.body, "author": _person(note.author)}


def feedback_record(item: InterviewFeedback) -> dict:
    recommendation = InterviewFeedback.Recommendation(item.recommendation).label
    return {
        "atsCreatedAt": ms(item.created_at),
        "evaluations": [
            {"attribute": assumed.FEEDBACK_RATING_ATTRIBUTE, "result": f"{item.rating}/5"},
            {"attribute": assumed.FEEDBACK_RECOMMENDATION_ATTRIBUTE, "result": recommendation},
        ],
        "feedback": item.comments,
        "interviewer": _person(item.interviewer),
        "interviewType": assumed.FEEDBACK_INTERVIEW_TYPE,
    }


def _in_sync_applications(queryset):
    return (
        queryset.exclude(application__stage__kind=StageKind.PROSPECT)
        .exclude(application__job__status=Job.Status.DRAFT)
        .exclude(
            Exists(
                Removal.objects.filter(
                    kind=Removal.Kind.CANDIDATE, object_id=OuterRef("application__candidate_id")
                )
            )
        )
    )


def _stages():
    return (
        _in_sync_applications(StageChange.objects.all())
        .select_related("to_stage")
        .only("application_id", "kind", "to_stage__name", "created_at", "updated_at")
    )


def _application_notes():
    return _in_sync_applications(Note.objects.filter(application__isnull=False)).select_related("author")


def _feedback():
    return _in_sync_applications(InterviewFeedback.objects.all()).select_related("interviewer")


def _candidate_notes():
    removed = Exists(Removal.objects.filter(kind=Removal.Kind.CANDIDATE, object_id=OuterRef("candidate_id")))
    return Note.objects.filter(application__isnull=True).exclude(removed).select_related("author")


def _parallel(calls: list[Callable[[], object]]) -> list:
    """Run independent LinkedIn calls at most LINKEDIN_SYNC_PARALLEL_CALLS at a time; each answer, or
    the LinkedInError it raised, in order. A sub-resource call carries one parent's records only, so a
    batch spread over many parents would otherwise wait on each round trip in turn."""
    width = settings.LINKEDIN_SYNC_PARALLEL_CALLS

    def guarded(call):
        try:
            return call()
        except LinkedInError as exc:
            return exc

    if width <= 1 or len(calls) <= 1:
        return [guarded(call) for call in calls]

    def in_thread(call):
        try:
            return guarded(call)
        finally:
            connection.close()  # the token look-up opened this thread's own connection

    return list(_pool(width).map(in_thread, calls))


_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool(width: int) -> ThreadPoolExecutor:
    """The process's pool of `width` threads for LinkedIn calls, kept between batches (a backfill sends
    thousands of them, and starting threads for each cost more than the calls' own work). Keyed by the
    process too: a forked worker child starts its own."""
    key = (os.getpid(), width)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = ThreadPoolExecutor(max_workers=width, thread_name_prefix="linkedin-sync")
        return pool


def _send_records(parent_of, record_of, put, delete, deleted=lambda row: False):
    """A sender of sub-resource records grouped by parent; a deleted record is sent as a DELETE."""

    def send(client, context, rows) -> Outcome:
        outcome = Outcome()
        groups: dict[tuple[int, bool], list] = defaultdict(list)
        for row in rows:
            groups[(parent_of(row), deleted(row))].append(row)
        calls = []
        for (parent_id, is_delete), group in groups.items():
            if is_delete:
                ids = [str(row.pk) for row in group]
                calls.append(partial(delete, client, context, str(parent_id), ids))
            else:
                entities = {str(row.pk): record_of(row) for row in group}
                calls.append(partial(put, client, context, str(parent_id), entities))
        client.app_token()  # fetched once here, not by each parallel call
        for ((_, is_delete), group), result in zip(groups.items(), _parallel(calls), strict=True):
            if isinstance(result, LinkedInError):
                # The whole call refused for good (the parent unknown to LinkedIn, say): each of its
                # records is refused with the message, and nothing else is held back.
                if not result.permanent or result.status in (401, 403):
                    raise result
                for row in group:
                    outcome.refused[row.pk] = result
                continue
            _collect(outcome, {str(row.pk): [row.pk] for row in group}, result, delete=is_delete)
        return outcome

    return send


def _app_put(resource):
    return lambda client, context, parent, entities: client.put_application_records(
        context, parent, resource, entities
    )


def _app_delete(resource):
    return lambda client, context, parent, ids: client.delete_application_records(
        context, parent, resource, ids
    )


def _is_deleted(row) -> bool:
    return row.deleted_at is not None


# Removals


def _removals(kind):
    return lambda: Removal.objects.filter(kind=kind)


def _send_removed_applications(client, context, rows) -> Outcome:
    outcome = Outcome()
    ids_by_key = defaultdict(list)
    for row in rows:
        ids_by_key[str(row.object_id)].append(row.pk)
    _collect(outcome, ids_by_key, client.delete_applications(context, list(ids_by_key)), delete=True)
    return outcome


def _send_removed_candidates(client, context, rows) -> Outcome:
    outcome = Outcome()
    ids_by_key = defaultdict(list)
    for row in rows:
        ids_by_key[str(row.object_id)].append(row.pk)
    _collect(outcome, ids_by_key, client.delete_candidates(context, list(ids_by_key)), delete=True)
    return outcome


def _label_person(row) -> str:
    return f"{row.full_name} (candidate {row.pk})"


STREAMS: tuple[Stream, ...] = (
    Stream(Kind.JOBS, "updated_at", _jobs, _send_jobs, lambda job: f"{job.code} {job.title}"),
    Stream(Kind.CANDIDATES, "updated_at", _candidates, _send_candidates, _label_person),
    Stream(
        Kind.MEMBER_LINKS,
        "updated_at",
        lambda: MemberLink.objects.all(),
        lambda client, context, rows: _send_links(client, context, rows, _current_links),
        lambda row: f"Profile link of candidate {row.candidate_id}",
        depends_on=(Kind.CANDIDATES,),
    ),
    Stream(
        Kind.MEMBER_UNLINKS,
        "created_at",
        lambda: MemberUnlink.objects.all(),
        lambda client, context, rows: _send_links(client, context, rows, _current_links),
        lambda row: f"Profile unlink of candidate {row.candidate_id}",
        depends_on=(Kind.CANDIDATES,),
    ),
    Stream(
        Kind.CANDIDATE_NOTES,
        "updated_at",
        _candidate_notes,
        _send_records(
            lambda row: row.candidate_id,
            note_record,
            lambda client, context, parent, entities: client.put_candidate_notes(context, parent, entities),
            lambda client, context, parent, ids: client.delete_candidate_notes(context, parent, ids),
            _is_deleted,
        ),
        lambda row: f"Note {row.pk} on candidate {row.candidate_id}",
        depends_on=(Kind.CANDIDATES,),
        scan=lambda: Note.objects.filter(application__isnull=True),
    ),
    Stream(
        Kind.APPLICATIONS,
        "updated_at",
        _applications,
        _send_applications,
        lambda row: f"{row.candidate.full_name} for {row.job.code}",
        depends_on=(Kind.JOBS, Kind.CANDIDATES),
    ),
    Stream(
        Kind.STAGES,
        "updated_at",
        _stages,
        _send_records(
            lambda row: row.application_id, stage_record, _app_put("stages"), _app_delete("stages")
        ),
        lambda row: f"Stage change {row.pk} of application {row.application_id}",
        depends_on=(Kind.APPLICATIONS,),
    ),
    Stream(
        Kind.APPLICATION_NOTES,
        "updated_at",
        _application_notes,
        _send_records(
            lambda row: row.application_id, note_record, _app_put("notes"), _app_delete("notes"), _is_deleted
        ),
        lambda row: f"Note {row.pk} on application {row.application_id}",
        depends_on=(Kind.APPLICATIONS,),
        scan=lambda: Note.objects.filter(application__isnull=False),
    ),
    Stream(
        Kind.FEEDBACK,
        "updated_at",
        _feedback,
        _send_records(
            lambda row: row.application_id,
            feedback_record,
            _app_put("interviewFeedback"),
            _app_delete("interviewFeedback"),
            _is_deleted,
        ),
        lambda row: f"Feedback {row.pk} on application {row.application_id}",
        depends_on=(Kind.APPLICATIONS,),
    ),
    Stream(
        Kind.REMOVED_APPLICATIONS,
        "created_at",
        _removals(Removal.Kind.APPLICATION),
        _send_removed_applications,
        lambda row: f"Removed application {row.object_id}",
        depends_on=(Kind.APPLICATIONS,),
        scan=_removals(Removal.Kind.APPLICATION),
    ),
    Stream(
        Kind.REMOVED_CANDIDATES,
        "created_at",
        _removals(Removal.Kind.CANDIDATE),
        _send_removed_candidates,
        lambda row: f"Removed candidate {row.object_id}",
        depends_on=(Kind.CANDIDATES, Kind.REMOVED_APPLICATIONS),
        scan=_removals(Removal.Kind.CANDIDATE),
    ),
)
BY_KIND = {stream.kind: stream for stream in STREAMS}
