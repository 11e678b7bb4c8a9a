"""Every write to candidates, applications, notes, feedback and talent pools.

Keyword-only, atomic functions that raise attract.errors.DomainError with a message for the person.
Permissions are checked by the views; the rules that hold whoever asks (closed jobs are read-only,
the LinkedIn pool is fixed, feedback comes from the hiring team) are checked here.
"""

from candidates.services.applications import (
    application_hire,
    application_move,
    application_reject,
    application_reopen,
    application_withdraw,
    job_close,
)
from candidates.services.candidates import (
    applicant_confirm,
    applicant_notify_team,
    application_create,
    candidate_create,
    candidate_find_by_email,
    candidate_update,
)
from candidates.services.events import candidate_event_record
from candidates.services.notes import feedback_submit, note_create, note_delete
from candidates.services.pools import (
    pool_add_member,
    pool_create,
    pool_delete,
    pool_push_to_job,
    pool_remove_member,
    pool_rename,
)

__all__ = [
    "applicant_confirm",
    "applicant_notify_team",
    "application_create",
    "application_hire",
    "application_move",
    "application_reject",
    "application_reopen",
    "application_withdraw",
    "candidate_create",
    "candidate_event_record",
    "candidate_find_by_email",
    "candidate_update",
    "feedback_submit",
    "job_close",
    "note_create",
    "note_delete",
    "pool_add_member",
    "pool_create",
    "pool_delete",
    "pool_push_to_job",
    "pool_remove_member",
    "pool_rename",
]
