"""The appeal form tells the visitor about a known problem before they type (without JavaScript
here; tests/browser/test_notices.py picks the topic in Chromium)."""

import re

import pytest
from django.test import Client

from tests.notices.factories import make_notice

pytestmark = pytest.mark.django_db

HINT = "Об этом писать не нужно: мы знаем о проблеме и уже исправляем её."


def _hint_region(page: str) -> str:
    match = re.search(
        r'<div class="service-notices" id="topic-notices"[^>]*>(.*?)</div>\s*<template', page, re.S
    )
    assert match, "the form has the hint region"
    return match.group(1)


def test_a_link_to_a_concerned_topic_shows_its_notice_before_the_visitor_types(payments):
    make_notice(topics=[payments])
    page = Client().get("/appeal/?topic=payments").content.decode()
    assert re.search(rf'value="{payments.pk}"[^>]*required checked', page)  # prefilled
    region = _hint_region(page)
    assert HINT in region
    assert "Платежи операторам связи задерживаются" in region


def test_another_topic_gets_no_hint_but_the_form_lists_every_active_notice(payments, sms):
    make_notice(topics=[payments])
    page = Client().get("/appeal/?topic=sms").content.decode()
    assert HINT not in _hint_region(page)
    known = page[page.index('id="known-notices"') :]
    assert "Платежи операторам связи задерживаются" in known


def test_a_notice_about_every_topic_is_a_hint_for_any_topic(sms):
    make_notice(title_ru="Сайт работает медленно")
    region = _hint_region(Client().get("/appeal/?topic=sms").content.decode())
    assert "Сайт работает медленно" in region


def test_the_page_keeps_each_notices_topics_for_the_script_without_inline_code(payments, sms):
    notice = make_notice(topics=[payments, sms])
    page = Client().get("/en/appeal/").content.decode()
    ids = " ".join(str(pk) for pk in sorted([payments.pk, sms.pk]))
    assert f'data-notice-topics="{ids}"' in page
    assert "You don&#x27;t need to write to us about this" in page or "You don't need" in page
    assert '<script src="/static/notices/appeal-notices.js" defer></script>' in page
    assert "<script>" not in page
    assert notice.title_en in page


def test_a_form_sent_back_with_errors_keeps_the_hint_for_the_chosen_topic(payments):
    make_notice(topics=[payments])
    response = Client().post("/appeal/", {"topic": str(payments.pk), "name": ""})
    assert response.status_code == 200
    assert HINT in _hint_region(response.content.decode())


def test_without_notices_the_form_has_no_notice_markup(topics):
    page = Client().get("/appeal/").content.decode()
    assert 'id="topic-notices"' not in page
    assert "appeal-notices.js" not in page


def test_an_information_notice_is_shown_without_saying_there_is_no_need_to_write(payments):
    make_notice(topics=[payments], severity="information", title_ru="Плановые работы ночью")
    region = _hint_region(Client().get("/appeal/?topic=payments").content.decode())
    assert "Плановые работы ночью" in region
    assert HINT not in region
