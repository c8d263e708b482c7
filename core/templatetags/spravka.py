"""Small template filters shared by every app's templates (`{% load spravka %}`)."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.filter
def html_datetime(value: datetime | None) -> str:
    """A `<time datetime>` value HTML accepts: local time to the second, with its offset.

    Django's `date:"c"` keeps microseconds ("…:05.123456+03:00"), which the HTML standard's
    "valid global date and time string" allows only up to three digits, so validators refuse it.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.filter
def nowrap(value) -> str:
    """Keeps a reference like SP-7K3-9QX on one line (browsers break lines at hyphens)."""
    return format_html('<span class="nowrap">{}</span>', value)
