"""Django admin for operators (/django-admin/). Administrators manage people in the Admin center."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from attract.models import Counter, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"first_name", "last_name"} & set(form.changed_data):
            from attract.services import user_renamed

            user_renamed.send(sender=User, user=obj)


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    """Counters hand out job codes; editing a value by hand can produce duplicate codes, so it is shown
    read-only."""

    list_display = ("name", "value")
    readonly_fields = ("name", "value")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
