"""URLs of linkedin_integration, mounted at the site root; one line per page, grouped by subject."""

from django.urls import path

from linkedin_integration.views import (
    admin_tab,
    candidate_tab,
    export,
    feed,
    listing,
    rsc,
    signin,
    sync,
    widget,
)

app_name = "linkedin"

urlpatterns = [
    # What LinkedIn's servers call, first: the busiest paths resolve without trying the rest.
    # Recruiter System Connect push notifications (public, signed)
    path("linkedin/rsc/callback/", rsc.rsc_callback, name="rsc_callback"),
    # Limited Listings feed (public)
    path("linkedin/jobs.xml", feed.feed_xml, name="feed"),
    # Admin center, LinkedIn Integration tab
    path("admin-center/linkedin/", admin_tab.admin_tab, name="admin_tab"),
    path("admin-center/linkedin/company/", admin_tab.company_save, name="company_save"),
    path("admin-center/linkedin/feed/publish/", feed.publish_now, name="feed_publish"),
    path("admin-center/linkedin/connect/", signin.connect_start, name="connect"),
    path("admin-center/linkedin/connect/contract/", signin.choose_contract, name="choose_contract"),
    path("admin-center/linkedin/disconnect/", signin.disconnect, name="disconnect"),
    path("admin-center/linkedin/apply-with-linkedin/", signin.apply_toggle, name="apply_toggle"),
    path("admin-center/linkedin/rsc/<str:level>/request/", rsc.rsc_request, name="rsc_request"),
    path("admin-center/linkedin/rsc/<str:level>/notify/", rsc.rsc_notify_partner, name="rsc_notify"),
    path("admin-center/linkedin/rsc/refresh/", rsc.rsc_refresh, name="rsc_refresh"),
    path("admin-center/linkedin/sync/", sync.sync_section, name="sync_section"),
    path("admin-center/linkedin/sync/now/", sync.sync_now, name="sync_now"),
    path("admin-center/linkedin/sync/send-again/", sync.sync_send_again, name="sync_send_again"),
    path("admin-center/linkedin/sync/refusals/<int:pk>/retry/", sync.sync_refusal_retry, name="sync_retry"),
    # Every LinkedIn sign-in comes back here
    path("linkedin/oauth/callback/", signin.oauth_callback, name="oauth_callback"),
    # The signed-in user's settings: their own LinkedIn account
    path("settings/", signin.settings_page, name="settings"),
    path("settings/linkedin/connect/", signin.member_connect_start, name="member_connect"),
    path("settings/linkedin/disconnect/", signin.member_disconnect, name="member_disconnect"),
    path("settings/exports/seen/", export.exports_seen, name="exports_seen"),
    # Apply with LinkedIn on the career site
    path("careers/<str:code>/apply/linkedin/", signin.apply_start, name="apply_start"),
    # The candidate's LinkedIn tab (served here, before candidates' own URLs)
    path("candidates/<int:pk>/linkedin/", candidate_tab.candidate_tab, name="candidate_tab"),
    path("candidates/<int:pk>/linkedin/refresh/", candidate_tab.refresh, name="candidate_tab_refresh"),
    path("admin-center/linkedin/seats/refresh/", candidate_tab.seats_refresh, name="seats_refresh"),
    # Job page panel
    path("jobs/<int:pk>/linkedin/post/", listing.post, name="listing_post"),
    path("jobs/<int:pk>/linkedin/remove/", listing.remove, name="listing_remove"),
    # Candidate's LinkedIn tab: the profile widget's link and unlink callbacks
    path("candidates/<int:pk>/linkedin/widget/", widget.widget_callback, name="widget_callback"),
]
