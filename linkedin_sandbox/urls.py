"""The sandbox, mounted at /sandbox/linkedin/: LinkedIn's OAuth at oauth/v2/..., its API at api/v2/...
(LINKEDIN_OAUTH_BASE = {SITE_URL}/sandbox/linkedin, LINKEDIN_API_BASE = {SITE_URL}/sandbox/linkedin/api),
and the screens standing in for LinkedIn's. One line per route, grouped by subject: add new screens
(from their own modules) to the screens group; keep the api/ catch-all last in the API group."""

from django.urls import path, re_path

from linkedin_sandbox import (
    acls,
    api,
    export,
    history,
    in_ats,
    in_ats_screens,
    jobs_feed,
    members,
    messaging,
    oauth,
    screens,
    widget,
)

app_name = "sandbox"

oauth_urls = [
    path("oauth/v2/authorization", oauth.authorize, name="authorize"),
    path("oauth/v2/accessToken", oauth.access_token, name="access_token"),
]

api_urls = [
    path("api/v2/provisionedApplications", api.provisioned_applications, name="api_provisioned_applications"),
    re_path(
        r"^api/v2/provisionedApplications/(?P<key>[^/]+)$",
        api.provisioned_application,
        name="api_provisioned_application",
    ),
    path("api/v2/atsIntegrations", api.ats_integrations, name="api_ats_integrations"),
    re_path(
        r"^api/v2/atsIntegrations/(?P<key>[^/]+)/configurations$",
        api.ats_integration_configurations,
        name="api_ats_integration_configurations",
    ),
    path("api/v2/me", api.me, name="api_me"),
    path("api/v2/userinfo", api.userinfo, name="api_userinfo"),
    path("api/v2/emailAddress", api.email_address, name="api_email_address"),
    path("api/v2/recruiterContracts", api.recruiter_contracts, name="api_recruiter_contracts"),
    path("api/v2/simpleJobPostings", in_ats.simple_job_postings, name="api_simple_job_postings"),
    path(
        "api/v2/simpleJobPostingTasks", in_ats.simple_job_posting_tasks, name="api_simple_job_posting_tasks"
    ),
    path("api/v2/atsCandidates", in_ats.ats_candidates, name="api_ats_candidates"),
    re_path(
        r"^api/v2/atsCandidates/(?P<key>[^/]+)/(?P<resource>[A-Za-z]+)$",
        in_ats.ats_candidate_subresource,
        name="api_ats_candidate_subresource",
    ),
    path("api/v2/atsApplications", in_ats.ats_applications, name="api_ats_applications"),
    re_path(
        r"^api/v2/atsApplications/(?P<key>[^/]+)/(?P<resource>[A-Za-z]+)$",
        in_ats.ats_application_subresource,
        name="api_ats_application_subresource",
    ),
    path("api/v2/seatsV2", history.seats_v2, name="api_seats_v2"),
    path("api/v2/seats", history.seats, name="api_seats"),
    path("api/v2/conversationEvents", history.conversation_events, name="api_conversation_events"),
    path("api/v2/prospectNotes", history.prospect_notes, name="api_prospect_notes"),
    path("api/v2/mailStubs", history.mail_stubs, name="api_mail_stubs"),
    path("api/v2/exportedCandidates", export.exported_candidates, name="api_exported_candidates"),
    path("api/v2/atsEntityAcls", acls.ats_entity_acls, name="api_ats_entity_acls"),
    path("api/v2/atsEntityAclAssignees", acls.ats_entity_acl_assignees, name="api_ats_entity_acl_assignees"),
    re_path(r"^api/(?P<path>.*)$", api.unknown_resource, name="api_unknown"),
]

screen_urls = [
    path("", screens.index, name="index"),
    path("signin/", screens.signin, name="signin"),
    path("signout/", screens.signout, name="signout"),
    path("recruiter/", screens.recruiter, name="recruiter"),
    path("recruiter/contracts/", screens.contracts, name="contracts"),
    path("recruiter/admin/ats/", screens.ats, name="ats"),
    path("recruiter/admin/ats/<int:app_pk>/access/", screens.access_switch, name="ats_access"),
    path("recruiter/admin/ats/<int:app_pk>/challenge/", screens.challenge, name="ats_challenge"),
    path("recruiter/admin/ats/events/<int:event_pk>/resend/", screens.push_resend, name="ats_push_resend"),
    path("faults/", screens.faults, name="faults"),
    path("jobs/", jobs_feed.view, name="jobs_feed"),
    path("recruiter/people/", members.people, name="people"),
    path("recruiter/people/<str:person_id>/", members.profile, name="member_profile"),
    path("recruiter/people/<str:person_id>/export/", export.export, name="export"),
    path("recruiter/people/<str:person_id>/export/ats/", export.change_ats, name="export_change_ats"),
    path("recruiter/people/<str:person_id>/inmail/", messaging.inmail_new, name="inmail_new"),
    path("recruiter/people/<str:person_id>/notes/", messaging.note_new, name="note_new"),
    path("recruiter/people/<str:person_id>/notes/<int:note_pk>/", messaging.note_change, name="note_change"),
    path("messaging/", messaging.inbox, name="inbox"),
    path("messaging/<int:thread_pk>/", messaging.thread, name="inmail_thread"),
    path("recruiter/projects/", widget.projects, name="projects"),
    path("in.js", widget.in_js, name="in_js"),
    path("widget/frame/", widget.frame, name="widget_frame"),
    path("recruiter/in-ats/jobs/", in_ats_screens.synced_jobs, name="in_ats_jobs"),
]

urlpatterns = oauth_urls + api_urls + screen_urls
