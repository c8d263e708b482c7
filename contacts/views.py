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


@public_page(changes_every_minute=True)
@require_safe
def index(request):
    # One moment for the whole page, so every badge and the heat map agree.
    now = timezone.now()
    audiences = [
        a for a in Audience.objects.published().with_published_channels() if a.published_channels
    ]
    groups = [
        (audience, [ChannelEntry(c, c.status_at(now)) for c in audience.published_channels])
        for audience in audiences
    ]
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
