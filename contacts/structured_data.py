"""schema.org JSON-LD for the contacts page: an Organization with one ContactPoint per channel.

Rendered by `core.structured_data.ld_json_script`.
"""

from collections import defaultdict

from contacts.models import Audience, Channel
from contacts.schedule import format_time

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _hours(channel: Channel) -> list[dict]:
    if channel.always_open:
        spans = {("00:00", "23:59"): list(range(7))}
    else:
        spans = defaultdict(list)
        for interval in channel.schedule().intervals:
            closes = format_time(interval.closes, closing=True)
            key = (format_time(interval.opens), "23:59" if closes == "24:00" else closes)
            spans[key].append(interval.weekday)
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA_DAYS[day] for day in days],
            "opens": opens,
            "closes": closes,
        }
        for (opens, closes), days in spans.items()
    ]


def contact_point(audience: Audience, channel: Channel) -> dict:
    point = {
        "@type": "ContactPoint",
        "name": channel.title,
        "contactType": audience.support_kind,
        "areaServed": "RU",
        "availableLanguage": ["Russian"],
    }
    if channel.is_phone:
        point["telephone"] = channel.phone
        if channel.is_toll_free:
            point["contactOption"] = "TollFree"
    else:
        point["email"] = channel.email
    point["hoursAvailable"] = _hours(channel)
    return point


def organization(*, name: str, url: str, groups) -> dict:
    """`groups`: (audience, channels) pairs, as the contacts page lists them."""
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": name,
        "url": url,
        "contactPoint": [
            contact_point(audience, channel)
            for audience, channels in groups
            for channel in channels
        ],
    }
