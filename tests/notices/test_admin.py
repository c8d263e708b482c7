"""Both support agents and content editors publish notices; only agents reach the appeals."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice
from tests.notices.factories import make_notice, make_update

pytestmark = pytest.mark.django_db


def _form(payments, **overrides):
    data = {
        "title_ru": "Сбой платежей",
        "title_en": "Payments fail",
        "text_ru": "Платежи не проходят.",
        "text_en": "Payments fail.",
        "severity": "outage",
        "starts_at_0": "28.11.2026",
        "starts_at_1": "10:00:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "is_published": "on",
        "topics": [str(payments.pk)],
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
        "updates-MIN_NUM_FORMS": "0",
        "updates-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["agent_client", "content_editor_client"])
def test_agents_and_content_editors_both_publish_a_notice(who, request, payments):
    client = request.getfixturevalue(who)
    assert client.get("/admin/notices/notice/add/").status_code == 200
    response = client.post("/admin/notices/notice/add/", _form(payments))
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = Notice.objects.get()
    assert list(notice.topics.all()) == [payments]


@pytest.mark.parametrize("who", ["agent_client", "content_editor_client"])
def test_nobody_but_an_admin_deletes_a_notice(who, request, payments):
    notice = make_notice()
    client = request.getfixturevalue(who)
    assert client.get(f"/admin/notices/notice/{notice.pk}/delete/").status_code == 403


def test_an_end_before_the_start_is_refused_with_a_message(content_editor_client, payments):
    response = content_editor_client.post(
        "/admin/notices/notice/add/",
        _form(payments, ends_at_0="28.11.2026", ends_at_1="09:00:00"),
    )
    assert response.status_code == 200
    assert "Окончание должно быть позже начала." in response.content.decode()
    assert not Notice.objects.exists()


def test_content_editors_see_how_many_appeals_but_no_link_to_them(content_editor_client, payments):
    notice = make_notice(topics=[payments])
    body = content_editor_client.get(f"/admin/notices/notice/{notice.pk}/change/").content.decode()
    assert "0 обращений" in body
    assert "/admin/tickets/appeal/" not in body
    assert "/reply/" not in body


def test_the_notice_list_counts_tagged_appeals_in_one_query_for_the_page(
    agent_client, payments, django_assert_max_num_queries
):
    from tests.tickets.factories import make_appeal

    for n in range(5):
        notice = make_notice(topics=[payments], title_ru=f"Сбой {n}")
    make_appeal(topic=payments)
    agent_client.get("/admin/notices/notice/")  # warm-up: sessions, permissions, content types
    with django_assert_max_num_queries(9):
        body = agent_client.get("/admin/notices/notice/").content.decode()
    assert body.count("1 обращение") == 5
    assert f"?notices__id__exact={notice.pk}" in body


def test_a_new_notice_whose_end_has_passed_is_refused_as_never_shown(agent_client, payments):
    # At 3 a.m. "02:00" for "14:00": the notice would be saved and never shown to anyone.
    past = timezone.localtime() - timedelta(hours=1)
    response = agent_client.post(
        "/admin/notices/notice/add/",
        _form(
            payments,
            starts_at_0=f"{past - timedelta(hours=1):%d.%m.%Y}",
            starts_at_1=f"{past - timedelta(hours=1):%H:%M:%S}",
            ends_at_0=f"{past:%d.%m.%Y}",
            ends_at_1=f"{past:%H:%M:%S}",
        ),
    )
    assert response.status_code == 200
    assert (
        "Это окончание уже прошло: объявление никто не увидит. Проверьте дату."
        in response.content.decode()
    )
    assert not Notice.objects.exists()


def test_an_existing_notice_may_be_ended_at_a_time_already_past(agent_client, payments):
    # "Fixed at 14:20", written at 14:25: ending a notice by hand stays possible.
    notice = make_notice(topics=[payments])
    ended = timezone.localtime() - timedelta(seconds=30)
    start = timezone.localtime(notice.starts_at)
    response = agent_client.post(
        f"/admin/notices/notice/{notice.pk}/change/",
        _form(
            payments,
            starts_at_0=f"{start:%d.%m.%Y}",
            starts_at_1=f"{start:%H:%M:%S}",
            ends_at_0=f"{ended:%d.%m.%Y}",
            ends_at_1=f"{ended:%H:%M:%S}",
        ),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert not notice.is_active()


def test_staff_text_is_shown_as_text_on_every_page_and_in_the_feed(client, payments):
    notice = make_notice(
        topics=[payments],
        title_ru="<script>alert(1)</script>",
        text_ru='<img src=x onerror="alert(2)">',
    )
    make_update(notice, text_ru="<iframe src=//evil.example>")
    for url in ["/", "/help/", "/contacts/", "/appeal/", "/status/", "/status/feed/"]:
        body = client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x", "<iframe"):
            assert raw not in body, (url, raw)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/status/").content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at_0": "01.01.0001", "starts_at_1": "00:00:00"},
        {"starts_at_0": "31.12.9999", "starts_at_1": "23:59:59"},
        {"ends_at_0": "31.12.9999", "ends_at_1": "23:59:59"},
        {
            "updates-TOTAL_FORMS": "1",
            "updates-0-text_ru": "Исправлено.",
            "updates-0-posted_at_0": "01.01.0001",
            "updates-0-posted_at_1": "00:00:00",
        },
    ],
    ids=["start-year-1", "start-year-9999", "end-year-9999", "update-year-1"],
)
def test_a_moment_outside_this_century_is_refused_not_saved(agent_client, client, payments, fields):
    # Year 1 in Moscow time is a date BC in UTC: PostgreSQL stored it, then every public page
    # showing notices failed to read it back (500 on the home page, help, contacts, the form).
    response = agent_client.post("/admin/notices/notice/add/", _form(payments, **fields))
    assert response.status_code == 200
    assert "Укажите время между 2000 и 2099 годами." in response.content.decode()
    assert not Notice.objects.exists()
    assert client.get("/status/").status_code == 200
