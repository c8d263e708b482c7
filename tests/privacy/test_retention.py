"""`manage.py purge_personal_data` erases what the retention settings no longer allow: closed
appeals' personal data (files deleted from storage) and sent e-mails' texts; each run writes a
destruction record; open appeals, younger ones and everything else stay as they were."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from privacy.models import DestructionCategory, DestructionRecord
from tests.tickets.factories import make_appeal, png_bytes, upload
from tickets.mail import LINK_REMOVED, send_due
from tickets.models import Appeal, AppealEvent, OutboxEmail, Reply, Status
from tickets.models.outbox import OutboxState
from tickets.models.thread import EventKind
from tickets.uploads import CheckedFile

pytestmark = pytest.mark.django_db

DAYS = 1095


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.PRIVACY_APPEAL_RETENTION_DAYS = DAYS
    settings.PRIVACY_OUTBOX_BODY_RETENTION_DAYS = 30


def _with_file(topic, **fields):
    checked = CheckedFile(upload=upload("receipt.png", png_bytes()), content_type="image/png")
    return make_appeal(topic, files=[checked], **fields)


def _closed(appeal, days_ago: float):
    """Closes `appeal` as if it had been closed `days_ago` days ago."""
    when = timezone.now() - timedelta(days=days_ago)
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)
    AppealEvent.objects.create(
        appeal=appeal, kind=EventKind.STATUS, old_value=Status.NEW, new_value=Status.CLOSED
    )
    AppealEvent.objects.filter(appeal=appeal, kind=EventKind.STATUS).update(created_at=when)
    appeal.refresh_from_db()
    return appeal


def _purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_an_appeal_closed_a_day_past_the_limit_is_anonymised_and_its_files_deleted(
    topic, django_capture_on_commit_callbacks
):
    appeal = _closed(_with_file(topic, description="Описание с данными"), DAYS + 1)
    Reply.objects.create(appeal=appeal, author_kind="visitor", body="Мой ответ")
    file_name = appeal.attachments.get().file.name
    assert default_storage.exists(file_name)
    old_link = appeal.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        assert "Erased 1 appeals (1 files)" in _purge()

    appeal.refresh_from_db()
    assert (appeal.name, appeal.email, appeal.phone, appeal.wallet) == ("", "", "", "")
    assert appeal.description == "" and appeal.subject == "—"
    assert appeal.reference and appeal.topic_id == topic.pk and appeal.status == Status.CLOSED
    assert appeal.anonymised_at is not None
    assert Reply.objects.get().body == ""
    assert not appeal.attachments.exists()
    assert not default_storage.exists(file_name)
    email = OutboxEmail.objects.get(appeal=appeal)
    assert (email.body, email.to, email.state) == ("", "", OutboxState.FAILED)
    assert Client().get(old_link).status_code == 404


def test_an_appeal_closed_a_day_before_the_limit_is_kept(topic):
    appeal = _closed(_with_file(topic), DAYS - 1)
    _purge()
    appeal.refresh_from_db()
    assert appeal.name == "Анна Петрова" and appeal.anonymised_at is None
    assert default_storage.exists(appeal.attachments.get().file.name)
    assert not DestructionRecord.objects.exists()


def test_open_appeals_are_kept_however_old(topic):
    appeal = make_appeal(topic)
    Appeal.objects.filter(pk=appeal.pk).update(
        created_at=timezone.now() - timedelta(days=DAYS * 3),
        due_at=timezone.now() - timedelta(days=DAYS * 3 - 1),
        status=Status.RESOLVED,
    )
    _purge()
    appeal.refresh_from_db()
    assert appeal.email == "anna@example.org"


def test_a_run_writes_a_destruction_record_naming_the_rule_and_the_appeals(topic):
    due = _closed(make_appeal(topic), DAYS + 1)
    other = _closed(make_appeal(topic, email="other@example.org"), 10)
    _purge()
    record = DestructionRecord.objects.get(category=DestructionCategory.APPEALS)
    assert record.appeals_count == 1
    assert record.references == due.reference
    assert "PRIVACY_APPEAL_RETENTION_DAYS=1095" in record.rule
    assert record.performed_by_label == "system"
    other.refresh_from_db()
    assert other.email == "other@example.org"


def test_a_dry_run_prints_what_is_due_and_changes_nothing(topic):
    due = _closed(make_appeal(topic), DAYS + 1)
    out = _purge("--dry-run")
    assert "Would erase 1 appeals" in out and due.reference in out
    due.refresh_from_db()
    assert due.email == "anna@example.org"
    assert not DestructionRecord.objects.exists()


def test_a_second_run_finds_nothing_more(topic):
    _closed(make_appeal(topic), DAYS + 1)
    _purge()
    assert "Erased 0 appeals" in _purge()
    assert DestructionRecord.objects.count() == 1


def test_sent_email_texts_are_cleared_after_their_limit_and_younger_ones_kept(topic):
    make_appeal(topic)
    make_appeal(topic, email="b@example.org")
    send_due()
    old, young = OutboxEmail.objects.order_by("pk")
    OutboxEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    OutboxEmail.objects.filter(pk=young.pk).update(sent_at=timezone.now() - timedelta(days=29))
    _purge()
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.body == "" and old.state == OutboxState.SENT and old.to == "anna@example.org"
    assert young.body != ""
    record = DestructionRecord.objects.get(category=DestructionCategory.OUTBOX)
    assert record.items_count == 1


def test_a_sent_email_keeps_no_working_private_link(topic):
    appeal = make_appeal(topic)
    pending = OutboxEmail.objects.get()
    assert appeal.link_token in pending.body
    send_due()
    assert appeal.link_token in mail.outbox[0].body  # the visitor got the link
    pending.refresh_from_db()
    assert appeal.link_token not in pending.body
    assert LINK_REMOVED in pending.body
