"""The policy and consent texts Spravka ships with, in Russian and English: version 1 of each,
created only when the document has no version yet. They are a starting point written from
152-FZ; the operator's lawyer adapts them (operator's name, address, purposes, periods) in admin,
which publishes a new version."""

from pathlib import Path

from privacy.models import DocumentKind, PrivacyDocument

TEXTS = Path(__file__).resolve().parent / "texts"


def _text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8").strip()


POLICY_RU, POLICY_EN = _text("policy.ru.txt"), _text("policy.en.txt")
CONSENT_RU, CONSENT_EN = _text("consent.ru.txt"), _text("consent.en.txt")

DOCUMENTS = [
    {
        "kind": DocumentKind.POLICY,
        "title_ru": "Политика обработки персональных данных",
        "title_en": "Personal data policy",
        "text_ru": POLICY_RU,
        "text_en": POLICY_EN,
    },
    {
        "kind": DocumentKind.CONSENT,
        "title_ru": "Согласие на обработку персональных данных",
        "title_en": "Consent to personal data processing",
        "text_ru": CONSENT_RU,
        "text_en": CONSENT_EN,
    },
]


def load() -> str:
    created = 0
    for data in DOCUMENTS:
        if not PrivacyDocument.objects.filter(kind=data["kind"]).exists():
            PrivacyDocument.new_version(**data)
            created += 1
    return f"{created} documents published, {len(DOCUMENTS) - created} already present"
