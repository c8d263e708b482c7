"""A person's request about their data (152-FZ arts. 14 and 21): find every appeal by their
e-mail or phone, give them a copy (JSON plus files in a ZIP), erase them on request."""

import io
import json
import zipfile
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from privacy.erasure import DATA_DESTROYED, erase_locked
from privacy.models import DestructionCategory, DestructionRecord
from tickets.identifiers import clean_phone
from tickets.models import Appeal, InboundMessage


def find_appeals(*, email: str = "", phone: str = ""):
    """The person's appeals not yet erased; the e-mail matches in any letter case, the phone
    in any usual spelling (normalised like the form does)."""
    email = email.strip()
    try:
        phone = clean_phone(phone) if phone.strip() else ""
    except Exception:  # not a phone at all: nothing matches it
        phone = ""
    query = Q()
    if email:
        query |= Q(email__iexact=email)
    if phone:
        query |= Q(phone=phone) | Q(wallet=phone)
    if not query:
        return Appeal.objects.none()
    return Appeal.objects.filter(query, anonymised_at=None).order_by("created_at", "pk")


def _iso(value):
    return value.isoformat() if value else None


def appeal_as_dict(appeal: Appeal) -> dict:
    return {
        "reference": appeal.reference,
        "topic": str(appeal.topic),
        "status": appeal.status,
        "received": _iso(appeal.created_at),
        "name": appeal.name,
        "email": appeal.email,
        "phone": appeal.phone,
        "wallet": appeal.wallet,
        "subject": appeal.subject,
        "description": appeal.description,
        "language": appeal.language,
        "consent_given": _iso(appeal.consent_at),
        "consent_version": appeal.consent_version,
        "replies": [
            {"from": reply.author_kind, "sent": _iso(reply.created_at), "text": reply.body}
            for reply in appeal.replies.all()
        ],
        "files": [
            {"name": _file_path(appeal, a), "type": a.content_type, "size": a.size}
            for a in appeal.attachments.all()
        ],
    }


def _file_path(appeal, attachment) -> str:
    return f"{appeal.reference}/{attachment.pk}-{PurePath(attachment.download_name).name}"


def export_zip(appeals) -> bytes:
    """appeals.json and every attached file, under the appeal's reference."""
    appeals = list(appeals.prefetch_related("replies", "attachments").select_related("topic"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = {
            "exported": timezone.now().isoformat(),
            "appeals": [appeal_as_dict(a) for a in appeals],
        }
        archive.writestr("appeals.json", json.dumps(data, ensure_ascii=False, indent=2))
        for appeal in appeals:
            for attachment in appeal.attachments.all():
                try:
                    with default_storage.open(attachment.file.name, "rb") as handle:
                        archive.writestr(_file_path(appeal, attachment), handle.read())
                except FileNotFoundError:
                    continue
    return buffer.getvalue()


@transaction.atomic
def erase_for_request(*, email: str = "", phone: str = "", by) -> DestructionRecord | None:
    appeals = list(find_appeals(email=email, phone=phone).select_for_update())
    if not appeals:
        return None
    now = timezone.now()
    files = erase_locked(appeals, now=now)
    if email.strip():
        # Mail from the person that matched no appeal: kept for staff, erased with the rest.
        InboundMessage.objects.filter(from_address__iexact=email.strip()).delete()
    return DestructionRecord.objects.create(
        created_at=now,
        category=DestructionCategory.SUBJECT_REQUEST,
        data_destroyed=str(DATA_DESTROYED),
        appeals_count=len(appeals),
        items_count=files,
        references="\n".join(a.reference for a in appeals),
        rule="152-FZ art. 21: the person's request",
        performed_by=by,
        performed_by_label=by.get_username(),
    )
