"""Cached pages show a notice on the next request after it is published, and no cached page
outlives a notice's start or end (core.cache.register_expiry)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tests.contacts.factories import make_phone, msk
from tests.notices.factories import make_notice, make_update

pytestmark = pytest.mark.django_db

TITLE = "Платежи операторам связи задерживаются"
NOON = msk(2026, 11, 27, 12, 0, 0)


@pytest.fixture
def site(topics):
    make_phone(is_main_hotline=True)


def _shows(url: str = "/help/") -> bool:
    response = Client().get(url)
    assert response.status_code == 200
    return TITLE in response.content.decode()


def test_a_published_notice_shows_on_the_next_request_of_a_cached_page(site):
    with time_machine.travel(NOON, tick=False):
        for url in ("/", "/help/", "/contacts/", "/status/", "/appeal/"):
            assert not _shows(url)
        make_notice(starts_at=NOON - timedelta(minutes=5))
        for url in ("/", "/help/", "/contacts/", "/status/", "/appeal/"):
            assert _shows(url), url


def test_an_update_shows_on_the_next_request(site):
    with time_machine.travel(NOON, tick=False):
        notice = make_notice(starts_at=NOON - timedelta(minutes=5))
        assert _shows()
        make_update(notice, text_ru="Исправлено в 12:00.")
        assert "Исправлено в 12:00." in Client().get("/help/").content.decode()


@pytest.mark.parametrize("url", ["/", "/help/", "/contacts/", "/appeal/?topic=payments"])
def test_a_cached_page_loses_the_notice_at_its_end_time(site, url):
    end = NOON + timedelta(seconds=20)
    with time_machine.travel(NOON, tick=False):
        make_notice(starts_at=NOON - timedelta(hours=1), ends_at=end)
        assert _shows(url)
    with time_machine.travel(end - timedelta(seconds=1), tick=False):
        assert _shows(url)  # still on
    with time_machine.travel(end, tick=False):
        assert not _shows(url)


@pytest.mark.parametrize("url", ["/", "/help/", "/appeal/?topic=payments"])
def test_a_notice_scheduled_for_later_appears_at_its_start(site, url):
    start = NOON + timedelta(seconds=30)
    with time_machine.travel(NOON, tick=False):
        make_notice(starts_at=start)
        assert not _shows(url)
    with time_machine.travel(start - timedelta(seconds=1), tick=False):
        assert not _shows(url)
    with time_machine.travel(start, tick=False):
        assert _shows(url)


def test_a_page_is_cached_and_shared_no_longer_than_until_the_next_notice_change(site):
    with time_machine.travel(NOON, tick=False):
        make_notice(starts_at=NOON + timedelta(seconds=25))
        response = Client().get("/help/")
    assert response["Cache-Control"] == "public, max-age=25"


def test_a_page_is_served_from_the_cache_between_changes(site, django_assert_num_queries):
    with time_machine.travel(NOON, tick=False):
        make_notice(starts_at=NOON - timedelta(minutes=1), ends_at=NOON + timedelta(hours=1))
        assert _shows("/help/")
    with (
        time_machine.travel(NOON + timedelta(seconds=30), tick=False),
        django_assert_num_queries(0),
    ):
        assert _shows("/help/")


def test_status_moves_a_notice_from_now_to_recent_at_its_end_even_when_cached(site):
    end = NOON + timedelta(seconds=20)
    with time_machine.travel(NOON, tick=False):
        make_notice(starts_at=NOON - timedelta(hours=1), ends_at=end)
        page = Client().get("/status/").content.decode()
        assert TITLE in page[: page.index('id="status-recent"')]
    with time_machine.travel(end, tick=False):
        page = Client().get("/status/").content.decode()
        assert TITLE not in page[: page.index('id="status-recent"')]
        assert TITLE in page[page.index('id="status-recent"') :]


def test_the_content_version_is_bumped_again_once_the_notice_is_committed(
    site, django_capture_on_commit_callbacks
):
    from core.cache import content_version

    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice()
        inside = content_version()
    assert content_version() != inside
    with django_capture_on_commit_callbacks(execute=True):
        make_update(notice)
        inside = content_version()
    assert content_version() != inside
