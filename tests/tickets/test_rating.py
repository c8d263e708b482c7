"""'Did we solve it?': only the visitor's POST from the private page records a rating."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tickets.models import Appeal, SatisfactionRating

pytestmark = pytest.mark.django_db

CARD = "4276 3800 0001 1234"


def _resolved(topic, **fields):
    appeal = make_appeal(topic, **fields)
    Appeal.objects.filter(pk=appeal.pk).update(status="resolved")
    appeal.refresh_from_db()
    return appeal


def _rate_url(appeal):
    return appeal.get_absolute_url() + "rate/"


# What a browser sends with a form posted from our own page.
SAME_ORIGIN = {"Origin": "http://testserver"}


def _rate(client, appeal, data, **kwargs):
    return client.post(_rate_url(appeal), data, headers=SAME_ORIGIN, **kwargs)


def test_opening_the_page_or_the_link_changes_nothing(client, topic):
    appeal = _resolved(topic)
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Мы решили ваш вопрос?" in page
    assert client.get(_rate_url(appeal)).status_code == 405  # a scanner's GET records nothing
    assert client.get(_rate_url(appeal) + "?score=1").status_code == 405
    assert not SatisfactionRating.objects.exists()


def test_the_visitor_rates_and_sees_the_rating(client, topic):
    appeal = _resolved(topic)
    response = _rate(
        client, appeal, {"score": "4", "comment": f"Помогли, карта {CARD}\x00"}, follow=True
    )
    page = response.content.decode()
    assert "Спасибо за оценку." in page
    assert "Ваша оценка: 4 из 5." in page
    rating = SatisfactionRating.objects.get(appeal=appeal)
    assert rating.score == 4
    assert CARD not in rating.comment and "4276 38•• •••• 1234" in rating.comment
    assert "\x00" not in rating.comment
    assert appeal.events.get(kind="rated").new_value == "4"


def test_one_rating_per_appeal_changeable_for_a_week(client, topic):
    appeal = _resolved(topic)
    _rate(client, appeal, {"score": "2"})
    _rate(client, appeal, {"score": "5", "comment": "Разобрались"})
    assert SatisfactionRating.objects.count() == 1
    assert SatisfactionRating.objects.get().score == 5
    assert appeal.events.filter(kind="rated").count() == 2

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        page = client.get(appeal.get_absolute_url()).content.decode()
        assert "Оценку больше нельзя изменить. Спасибо!" in page
        assert 'action="' + _rate_url(appeal) not in page
        late = _rate(client, appeal, {"score": "1"}, follow=True).content.decode()
    assert "Оценку больше нельзя изменить: спасибо, она сохранена как была." in late
    assert SatisfactionRating.objects.get().score == 5


def test_an_open_appeal_cannot_be_rated_yet(client, topic):
    appeal = make_appeal(topic)
    assert "Мы решили ваш вопрос?" not in client.get(appeal.get_absolute_url()).content.decode()
    page = _rate(client, appeal, {"score": "5"}, follow=True).content.decode()
    assert "Оценить обращение можно, когда поддержка его решит." in page
    assert not SatisfactionRating.objects.exists()


def test_a_bad_score_is_explained_and_nothing_is_stored(client, topic):
    appeal = _resolved(topic)
    response = _rate(client, appeal, {"score": "9", "comment": "Текст"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Выберите оценку от 1 до 5." in page and "Текст" in page
    assert not SatisfactionRating.objects.exists()


def test_a_post_from_another_site_or_without_the_csrf_token_is_refused(topic):
    appeal = _resolved(topic)
    strict = Client(enforce_csrf_checks=True)
    strict.get(appeal.get_absolute_url())
    assert _rate(strict, appeal, {"score": "5"}).status_code == 403
    cross = Client()
    response = cross.post(
        _rate_url(appeal), {"score": "5"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert not SatisfactionRating.objects.exists()


def test_a_wrong_link_rates_nothing(client, topic):
    appeal = _resolved(topic)
    url = f"/appeal/{appeal.reference}/wrongtoken/rate/"
    assert client.post(url, {"score": "5"}, headers=SAME_ORIGIN).status_code == 404
    assert not SatisfactionRating.objects.exists()


def test_staff_see_the_rating_in_admin(client, topic, agent_client):
    appeal = _resolved(topic)
    _rate(client, appeal, {"score": "3", "comment": "Долго"})
    page = agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").content.decode()
    assert "3 / 5 Долго" in page


def test_erasing_personal_data_removes_the_comment_and_keeps_the_score(client, topic):
    from privacy.erasure import erase_locked

    appeal = _resolved(topic)
    _rate(client, appeal, {"score": "3", "comment": "Анна, спасибо"})
    erase_locked([appeal], now=timezone.now())
    rating = SatisfactionRating.objects.get()
    assert (rating.score, rating.comment) == (3, "")


def test_odd_input_is_refused_with_a_message_never_an_error(client, topic):
    appeal = _resolved(topic)
    for data in (
        {"score": "\x00"},
        {"score": "5", "comment": "х" * 1001},
        {"score": ["1", "2"], "comment": "\u202eперевёрнуто"},
        {},
    ):
        response = _rate(client, appeal, data)
        assert response.status_code in (302, 400), data
    # Only the repeated score was a valid form (the last value counts); its bidi override went.
    rating = SatisfactionRating.objects.get()
    assert (rating.score, rating.comment) == (2, "перевёрнуто")


def test_ratings_from_one_address_share_the_replies_limit(client, topic, settings):
    settings.TICKETS_REPLY_LIMIT = 2
    appeal = _resolved(topic)
    for score in ("3", "4"):
        assert _rate(client, appeal, {"score": score}).status_code == 302
    response = _rate(client, appeal, {"score": "5", "comment": "Спасибо!"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Слишком много сообщений с вашего адреса. Попробуйте позже." in page
    assert "Спасибо!" in page  # what was typed is shown again
    assert SatisfactionRating.objects.get(appeal=appeal).score == 4
    assert appeal.events.filter(kind="rated").count() == 2
