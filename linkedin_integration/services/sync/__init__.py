"""The In-ATS sync: Attract's jobs, candidates, applications, stages, notes and interview feedback
pushed to LinkedIn Recruiter once an RSC level is Enabled (linkedin-contract.md, "Data Attract pushes
once Enabled"). engine.py runs the push, streams.py says what each kind sends, state.py is what the
Admin center shows and the administrators' actions."""

from linkedin_integration.services.sync.engine import (
    SyncReport,
    sync_horizon,
    sync_push,
    sync_stopped_reason,
)
from linkedin_integration.services.sync.state import (
    KindState,
    sync_pending,
    sync_restart,
    sync_retry,
    sync_state,
)

__all__ = [
    "KindState",
    "SyncReport",
    "sync_horizon",
    "sync_pending",
    "sync_push",
    "sync_restart",
    "sync_retry",
    "sync_state",
    "sync_stopped_reason",
]
