"""Secrets stay secret from admin filters, and the form's one-time token is stored hashed."""

import hashlib

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.tickets.factories import appeal_form_data, form_token, make_appeal
from tickets.models import Appeal, Reply

pytestmark = pytest.mark.django_db

APPEALS = "/admin/tickets/appeal/"


@pytest.fixture
def boss(db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-boss-1!")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "lookup",
    [
        "link_secret__startswith",
        "idempotency_key__startswith",
        "link_secret__regex",
        "email__contains",
        "description__icontains",
        "status__startswith",
        "topic__slug__startswith",
        "assignee__password__startswith",
    ],
)
def test_admin_refuses_filters_it_does_not_show(boss, topic, lookup):
    make_appeal(topic)
    response = boss.get(APPEALS, {lookup: "a"})
    assert response.status_code == 400


def test_no_admin_list_answers_a_prefix_filter_on_a_hidden_column(boss, topic, rf):
    make_appeal(topic)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for field in model._meta.concrete_fields:
            response = boss.get(url, {f"{field.name}__startswith": "a"})
            assert response.status_code == 400, (url, field.name)


def test_user_password_hashes_cannot_be_spelled_out(boss):
    response = boss.get("/admin/auth/user/", {"password__startswith": "pbkdf2"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "new"},
        {"is_priority__exact": "1"},
        {"overdue": "yes"},
        {"assigned": "nobody"},
        {"created_at__year": "2026", "created_at__month": "3"},
        {"q": "Анна"},
    ],
)
def test_the_filters_admin_shows_still_work(boss, topic, query):
    make_appeal(topic)
    assert boss.get(APPEALS, query).status_code == 200


def test_the_topic_filter_admin_shows_still_works(boss, topic):
    make_appeal(topic)
    assert boss.get(APPEALS, {"topic__id__exact": topic.pk}).status_code == 200


def test_the_form_token_is_stored_as_its_sha256_not_as_itself(client, topic):
    token = form_token(client.get("/appeal/").content.decode())
    client.post("/appeal/", appeal_form_data(topic, form_token=token))
    stored = Appeal.objects.get().idempotency_key
    assert stored != token
    assert stored == hashlib.sha256(token.encode()).hexdigest()


def test_the_stored_token_sent_back_opens_nothing(client, topic):
    token = form_token(client.get("/appeal/").content.decode())
    first = client.post("/appeal/", appeal_form_data(topic, form_token=token))
    stored = Appeal.objects.get().idempotency_key
    other = Client(REMOTE_ADDR="10.9.8.7")
    response = other.post("/appeal/", appeal_form_data(topic, form_token=stored))
    # A new appeal of its own, never the first one's private page.
    assert response.status_code == 302
    assert response["Location"] != first["Location"]
    assert Appeal.objects.count() == 2


def test_the_same_form_sent_twice_still_finds_the_first_appeal(client, topic):
    token = form_token(client.get("/appeal/").content.decode())
    first = client.post("/appeal/", appeal_form_data(topic, form_token=token))
    again = client.post("/appeal/", appeal_form_data(topic, form_token=token))
    assert again["Location"] == first["Location"]
    assert Appeal.objects.count() == 1


def test_a_reply_token_is_stored_hashed_too(client, topic):
    appeal = make_appeal(topic)
    page = client.get(appeal.get_absolute_url()).content.decode()
    token = form_token(page)
    client.post(appeal.get_absolute_url(), {"body": "Ещё вопрос", "form_token": token})
    assert Reply.objects.get().idempotency_key == hashlib.sha256(token.encode()).hexdigest()
