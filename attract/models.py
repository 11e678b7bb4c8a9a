from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. Global roles are Django groups (see attract.roles)."""

    email = models.EmailField("email address", blank=True, db_index=True)
    # Empty: the installation's TIME_ZONE. Dates and times are shown in this zone (attract.middleware).
    time_zone = models.CharField(max_length=64, blank=True)

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
