from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from contacts import heatmap, structured_data
from contacts.models import Audience, Channel, ServicePackage, WaitProfile
from contacts.schedule import Status
from core.cache import public_page
from core.structured_data import ld_json_script


@dataclass(frozen=True)
class ChannelEntry:
    channel: Channel
    status: Status


@dataclass(frozen=True)
class Group:
    audience: Audience
    entries: list[ChannelEntry]
    # The numbers this group's callers dial from abroad (8 800 numbers do not work there):
    # the group's own, or else support's line for calls from abroad.
    abroad: list[Channel]
    abroad_is_own: bool


def _groups(audiences, now) -> list[Group]:
    def from_abroad(channels):
        return [c for c in channels if c.is_phone and c.from_abroad]

    fallback = next((c for a in audiences for c in from_abroad(a.published_channels)), None)
    groups = []
    for audience in audiences:
        own = from_abroad(audience.published_channels)
        groups.append(
            Group(
                audience=audience,
                entries=[ChannelEntry(c, c.status_at(now)) for c in audience.published_channels],
                abroad=own or ([fallback] if fallback else []),
                abroad_is_own=bool(own),
            )
        )
    return groups


@public_page(changes_every_minute=True)
@require_safe
def index(request):
    # One moment for the whole page, so every badge and the heat map agree.
    now = timezone.now()
    audiences = [
        a for a in Audience.objects.published().with_published_channels() if a.published_channels
    ]
    groups = _groups(audiences, now)
    profile = WaitProfile.objects.published().first()
    jsonld = structured_data.organization(
        name=settings.CONTACTS_ORGANIZATION_NAME,
        url=settings.SITE_URL + "/",
        groups=[(a, a.published_channels) for a in audiences],
    )
    return render(
        request,
        "contacts/index.html",
        {
            "groups": groups,
            "hotline": next(
                (c for a in audiences for c in a.published_channels if c.is_main_hotline), None
            ),
            "heat_map": heatmap.build(profile, now) if profile else None,
            "packages": ServicePackage.objects.published(),
            "structured_data": ld_json_script(jsonld),
            "crumbs": [(_("Contacts"), "")],
        },
    )
