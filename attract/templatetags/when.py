"""`{{ value|when }}`: a date and time in the one format of Attract, in the viewer's time zone.

The time zone is the one activated for the request (attract.middleware.TimeZoneMiddleware: the user's
own setting, else the installation's TIME_ZONE); its name is in the element's title.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html

register = template.Library()


@register.filter(expects_localtime=True)
def when(value, part=""):
    """`|when` a date or a date and time; `|when:"date"` only the (local) day of a date and time."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and part == "date":
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, get_format("DATE_FORMAT"))
        )
    if isinstance(value, datetime):
        text = date_format(value, get_format("DATETIME_FORMAT"))
        zone = timezone.get_current_timezone_name()
        return format_html(
            '<time datetime="{}" title="{}">{}</time>', value.isoformat(), f"Time zone: {zone}", text
        )
    if isinstance(value, date):
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, get_format("DATE_FORMAT"))
        )
    return value
