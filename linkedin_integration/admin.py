from django.contrib import admin

from linkedin_integration.models import AuditEntry, FeedPublication, JobListing, LinkedInSettings


@admin.register(LinkedInSettings)
class LinkedInSettingsAdmin(admin.ModelAdmin):
    list_display = ["company_name", "company_id", "updated_at"]
    exclude = ["app_client_secret"]


@admin.register(JobListing)
class JobListingAdmin(admin.ModelAdmin):
    list_display = [
        "job",
        "marked",
        "marked_at",
        "first_published_at",
        "last_published_at",
        "posted_company_id",
    ]
    list_filter = ["marked"]
    search_fields = ["job__code", "job__title"]
    raw_id_fields = ["job", "marked_by"]
    list_select_related = ["job"]


@admin.register(FeedPublication)
class FeedPublicationAdmin(admin.ModelAdmin):
    list_display = ["started_at", "status", "trigger", "job_count", "excluded_count", "size_bytes", "sha256"]
    list_filter = ["status", "trigger"]
    readonly_fields = [f.name for f in FeedPublication._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "ok"]
    list_filter = ["action", "ok"]
    search_fields = ["detail"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
