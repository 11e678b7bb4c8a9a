"""Django admin for operators (/django-admin/); the recruiter UI is the place for daily work."""

from django.contrib import admin
from django.db import transaction

from candidates.models import (
    Application,
    Candidate,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
)
from candidates.services.applications import touch_on_leaving_prospect
from candidates.services.candidates import candidate_touch_applications
from candidates.services.removals import record_application_removal, record_candidate_removal
from jobs.models import Stage


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "email", "current_company", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("first_name", "last_name", "email", "current_company")
    raw_id_fields = ("created_by",)
    date_hierarchy = "created_at"

    # Editing or deleting here stamps what the services stamp and leaves the same Removals, so the
    # LinkedIn sync follows (the admin's save runs in one transaction).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            candidate_touch_applications(candidate=obj, changed=form.changed_data)

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_candidate_removal(obj)
            obj.delete()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for candidate in queryset:
                record_candidate_removal(candidate)
            queryset.delete()


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ("created_at", "kind", "from_stage", "to_stage", "by", "detail")
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "job", "stage", "status", "source", "created_at")
    list_filter = ("status", "source")
    search_fields = ("candidate__last_name", "candidate__email", "job__code", "job__title")
    list_select_related = ("candidate", "job", "stage")
    raw_id_fields = ("candidate", "job", "stage")
    readonly_fields = ("version",)
    inlines = [StageChangeInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "stage" in form.changed_data:
            before = Stage.objects.filter(pk=form.initial.get("stage")).first()
            touch_on_leaving_prospect(application_id=obj.pk, from_stage=before, to_stage=obj.stage)

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_application_removal(obj)
            obj.delete()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for application in queryset:
                record_application_removal(application)
            queryset.delete()


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("application", "kind", "from_stage", "to_stage", "by", "created_at")
    list_filter = ("kind",)
    list_select_related = ("application__candidate", "application__job", "from_stage", "to_stage", "by")
    raw_id_fields = ("application", "from_stage", "to_stage", "by")


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("candidate", "author", "created_at", "deleted_at")
    list_select_related = ("candidate", "author")
    raw_id_fields = ("candidate", "application", "author")


@admin.register(InterviewFeedback)
class InterviewFeedbackAdmin(admin.ModelAdmin):
    list_display = ("application", "interviewer", "rating", "recommendation", "created_at", "deleted_at")
    list_filter = ("recommendation", "rating")
    list_select_related = ("application__candidate", "application__job", "interviewer")
    raw_id_fields = ("application", "interviewer")


class TalentPoolMemberInline(admin.TabularInline):
    model = TalentPoolMember
    extra = 0
    raw_id_fields = ("candidate", "added_by")


@admin.register(TalentPool)
class TalentPoolAdmin(admin.ModelAdmin):
    list_display = ("name", "system_key", "created_at")
    readonly_fields = ("system_key",)
    inlines = [TalentPoolMemberInline]

    def get_readonly_fields(self, request, obj=None):
        # The system pool's name is how Attract and LinkedIn's InMail stubs find it: nobody renames it.
        if obj is not None and obj.is_system:
            return (*self.readonly_fields, "name")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # The system LinkedIn pool is part of the product, not data to tidy away.
        if obj is not None and obj.is_system:
            return False
        return super().has_delete_permission(request, obj)
