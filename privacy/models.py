"""Personal data under 152-FZ: the consent and policy texts (versioned), and the records of what
personal data was destroyed, when and by which rule."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Personal data policy")
    CONSENT = "consent", _("Consent to personal data processing")


class PrivacyDocumentQuerySet(models.QuerySet):
    def current(self, kind: str):
        """The latest version of `kind`: the one published and shown on the form."""
        return self.filter(kind=kind).order_by("-version").first()


class PrivacyDocument(models.Model):
    """One version of the policy or of the consent text. A published version is never changed:
    editing it in admin saves a new version (`new_version`), so an appeal's recorded consent
    version always names the exact text the visitor accepted."""

    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)

    objects = PrivacyDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("privacy document")
        verbose_name_plural = _("privacy documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="privacy_document_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, v{self.version}"

    def get_absolute_url(self):
        name = "privacy:consent" if self.kind == DocumentKind.CONSENT else "privacy:policy"
        return reverse(name)

    @property
    def is_current(self) -> bool:
        latest = PrivacyDocument.objects.filter(kind=self.kind).aggregate(Max("version"))
        return latest["version__max"] == self.version

    @classmethod
    @transaction.atomic
    def new_version(cls, *, kind: str, by=None, **texts) -> "PrivacyDocument":
        # The lock on the latest row keeps two editors from publishing the same number.
        latest = cls.objects.select_for_update().filter(kind=kind).order_by("-version").first()
        document = cls(kind=kind, version=(latest.version + 1) if latest else 1, created_by=by)
        for field, value in texts.items():
            setattr(document, field, value)
        document.full_clean(validate_unique=False)
        document.save(force_insert=True)
        return document


class DestructionCategory(models.TextChoices):
    APPEALS = "appeals", _("Appeals' personal data (retention period over)")
    OUTBOX = "outbox", _("Texts of sent e-mails")
    SUBJECT_REQUEST = "subject_request", _("A person's appeals, on their request")
    INBOUND = "inbound", _("Incoming e-mails kept for staff")
    VOTE_COMMENTS = "vote_comments", _("Visitors' comments on help articles")


class DestructionRecord(models.Model):
    """A record that personal data was destroyed. Roskomnadzor order No. 179 of 28.10.2022
    ("Об утверждении Требований к подтверждению уничтожения персональных данных") asks the
    operator to confirm destruction with an act or a log entry naming what was destroyed, whose,
    how, when and why; this row is that entry, listed and exported (CSV) in admin. Whose is
    given by appeal references, not names: naming the person would keep the data destroyed."""

    created_at = models.DateTimeField(_("destroyed"), default=timezone.now, db_index=True)
    category = models.CharField(
        _("category of data"), max_length=20, choices=DestructionCategory.choices
    )
    data_destroyed = models.CharField(
        _("personal data destroyed"),
        max_length=300,
        help_text=_("Which fields: names, e-mails, phones, texts, files..."),
    )
    appeals_count = models.PositiveIntegerField(_("appeals"), default=0)
    items_count = models.PositiveIntegerField(
        _("other items"), default=0, help_text=_("Files deleted or e-mail texts cleared.")
    )
    references = models.TextField(
        _("appeal references"), blank=True, help_text=_("The appeals concerned, one per line.")
    )
    rule = models.CharField(
        _("rule or reason"),
        max_length=300,
        help_text=_("The retention setting that applied, or the person's request."),
    )
    method = models.CharField(
        _("method"),
        max_length=200,
        default=_("Erased from the database; files deleted from storage"),
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by staff member"),
    )
    performed_by_label = models.CharField(
        _("by"), max_length=150, help_text=_("“system” for the scheduled command.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        permissions = [
            (
                "handle_subject_requests",
                _("Can find, export and erase a person's appeals on their request"),
            )
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("admin:privacy_destructionrecord_change", args=[self.pk])
