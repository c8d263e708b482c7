import pytest

from tickets import content
from tickets.models import Topic

pytestmark = pytest.mark.django_db


def test_the_seed_topics_are_loaded_with_english_versions():
    content.load()
    payments = Topic.objects.get(slug="payments")
    assert payments.name_ru == "Ошибки в платежах"
    assert payments.name_en == "Payment errors"
    assert "другому человеку" in payments.cannot_help_note_ru
    assert "wrong person" in payments.cannot_help_note_en
    assert "сторонних сервисов" in Topic.objects.get(slug="other").cannot_help_note_ru
    assert Topic.objects.count() == 6


def test_loading_again_creates_nothing_and_keeps_staff_edits():
    content.load()
    Topic.objects.filter(slug="sms").update(name_ru="СМС", is_visible=False, order=99)
    assert content.load() == "0 topics created, 6 already present"
    sms = Topic.objects.get(slug="sms")
    assert (sms.name_ru, sms.is_visible, sms.order) == ("СМС", False, 99)


def test_load_content_loads_topics_and_groups(shipped_content):
    from django.contrib.auth.models import Group

    assert Topic.objects.count() == 6
    assert Group.objects.filter(name="Агенты поддержки").exists()


def test_the_english_form_shows_english_topic_names(client, shipped_content):
    body = client.get("/en/appeal/").content.decode()
    assert "Payment errors" in body
    assert "Support cannot help if money was sent to the wrong person" in body


def test_each_problem_topic_leads_to_its_help_articles(shipped_content):
    links = Topic.articles.through.objects.filter(topic__slug="payments").order_by("pk")
    assert list(links.values_list("article__slug", flat=True)) == [
        "payment-errors",
        "what-support-cannot-help-with",
    ]
    for slug in ["terminals", "login", "site-app", "sms", "other"]:
        assert Topic.objects.get(slug=slug).articles.exists(), slug


def test_staff_choice_of_articles_is_kept_on_reload(shipped_content):
    from faq.models import Article

    sms = Topic.objects.get(slug="sms")
    sms.articles.set([Article.objects.get(slug="response-times")])
    content.load()
    assert list(sms.articles.values_list("slug", flat=True)) == ["response-times"]
