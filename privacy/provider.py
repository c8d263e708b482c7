"""The privacy app as core.consent's provider: the current consent version and its links."""

from django.urls import reverse

from core.consent import ConsentText
from privacy.models import DocumentKind, PrivacyDocument


class DocumentConsent:
    def current(self) -> ConsentText | None:
        version = (
            PrivacyDocument.objects.filter(kind=DocumentKind.CONSENT)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        if version is None:
            return None
        return ConsentText(
            version=version,
            consent_url=reverse("privacy:consent"),
            policy_url=reverse("privacy:policy"),
        )

    def exists(self, version: int) -> bool:
        return PrivacyDocument.objects.filter(kind=DocumentKind.CONSENT, version=version).exists()
