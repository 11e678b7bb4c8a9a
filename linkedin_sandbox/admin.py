from django.contrib import admin

from linkedin_sandbox import models


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "client_id", "unique_foreign_id", "created_at"]
    list_filter = ["kind"]
    exclude = ["client_secret"]


@admin.register(models.Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ["application", "integration_context", "integration_type", "status", "integration_name"]
    list_filter = ["status", "integration_type"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "application", "created_at", "summary"]


@admin.register(models.Push)
class PushAdmin(admin.ModelAdmin):
    list_display = ["event", "url", "status_code", "error", "sent_at"]


admin.site.register([models.Member, models.Organization, models.Contract, models.Seat, models.FaultControl])
