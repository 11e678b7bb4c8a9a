from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. Global roles are Django groups (see attract.roles)."""

    email = models.EmailField("email address", blank=True, db_index=True)
    # Empty: the installation's TIME_ZONE. Dates and times are shown in this zone (attract.middleware).
    time_zone = models.CharField(max_length=64, blank=True)
    # 1-click exports of theirs that LinkedIn sent and Attract refused, not read yet: kept on the row the
    # request already loads, so the top bar flags them on every page without a query of its own.
    unread_export_refusals = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Counter(models.Model):
    """Named monotonically increasing counters (job codes). Blocks are claimed under a row lock."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


class PendingTask(models.Model):
    """A background task a request could not hand to the broker (down or not answering): the
    periodic sweep (attract.tasks.send_pending_tasks) sends it once the broker is back."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Set while a sweep sends it (with no transaction open): other sweeps skip it until then; a sweep that
    # died mid-way leaves it to be sent again once this passes (tasks are idempotent).
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class CareerSite(models.Model):
    """How the public career site looks: an optional logo and accent colour (one row, pk=1). The company
    name it shows is the Admin center's (LinkedIn Integration tab), read with this row
    (attract.career_site)."""

    logo = models.FileField(upload_to="career-site/", blank=True)
    # "#rrggbb", or empty for Attract's own colour. Served as a stylesheet, never as an inline style.
    accent_colour = models.CharField(max_length=7, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Career site"
