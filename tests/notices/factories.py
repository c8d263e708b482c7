"""`make_notice`: a published notice shown from a minute ago, in both languages."""

from datetime import timedelta

from django.utils import timezone

from notices.models import Notice, NoticeUpdate, Severity


def make_notice(*, topics=(), audiences=(), **fields) -> Notice:
    values = {
        "title_ru": "Платежи операторам связи задерживаются",
        "title_en": "Payments to mobile operators are delayed",
        "text_ru": "Платежи проходят с задержкой до часа. Деньги не потеряются.",
        "text_en": "Payments go through up to an hour late. No money is lost.",
        "severity": Severity.OUTAGE,
        "starts_at": timezone.now() - timedelta(minutes=1),
    }
    values.update(fields)
    notice = Notice(**values)
    notice.full_clean()
    notice.save()
    notice.topics.set(topics)
    notice.audiences.set(audiences)
    return notice


def make_update(notice: Notice, **fields) -> NoticeUpdate:
    values = {"text_ru": "Исправлено в 14:20.", "text_en": "Fixed at 14:20."}
    values.update(fields)
    return NoticeUpdate.objects.create(notice=notice, **values)
