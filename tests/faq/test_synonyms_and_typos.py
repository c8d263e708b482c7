"""Synonyms staff edit and "did you mean" for a misspelt word: the same on SQLite and PostgreSQL
(run the file under both; the PostgreSQL run corrects through pg_trgm)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from faq.models import SearchSynonym, SearchWord
from faq.search import correct, parse_query
from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db


def _titles(response):
    body = response.content.decode()
    return [
        part.split(">", 1)[1].split("</a>")[0]
        for part in body.split('<h2 class="faq-result__title"><a href=')[1:]
    ]


def _search(client, q, prefix=""):
    return client.get(f"{prefix}/help/search/", {"q": q})


# --- synonyms --------------------------------------------------------------------------------


def test_shipped_groups_find_sms_articles_by_the_russian_word(client):
    # "смс, sms, сообщение" ships with the site (migration faq/0004).
    make_article(title_ru="Не приходят SMS с кодом", body_ru="Проверьте номер телефона.")
    make_article(title_ru="Платёж не прошёл", body_ru="Проверьте баланс.")
    assert _titles(_search(client, "смс")) == ["Не приходят SMS с кодом"]
    assert _titles(_search(client, "сообщения")) == ["Не приходят SMS с кодом"]


def test_a_group_staff_add_in_admin_is_used_at_once_and_gone_when_deleted(
    client, content_editor_client
):
    make_article(title_ru="Банковская карта заблокирована", body_ru="Позвоните в банк.")
    assert _titles(_search(client, "пластик")) == []  # now cached as "nothing found"

    response = content_editor_client.post(
        reverse("admin:faq_searchsynonym_add"), {"words": "Карта,  ПЛАСТИК , card"}
    )
    assert response.status_code == 302
    group = SearchSynonym.objects.get(words__contains="пластик")
    assert group.words == "карта, пластик, card"  # stored as search reads it
    assert _titles(_search(client, "пластик")) == ["Банковская карта заблокирована"]
    assert _titles(_search(client, "card", prefix="/en")) == ["Банковская карта заблокирована"]

    content_editor_client.post(
        reverse("admin:faq_searchsynonym_delete", args=[group.pk]), {"post": "yes"}
    )
    assert _titles(_search(client, "пластик")) == []


def test_a_group_of_one_word_is_refused_with_a_message(content_editor_client):
    response = content_editor_client.post(
        reverse("admin:faq_searchsynonym_add"), {"words": "карта, , карта"}
    )
    assert response.status_code == 200
    assert "Укажите хотя бы два слова" in response.content.decode()
    assert not SearchSynonym.objects.filter(words__contains="карта").exists()


def test_a_phrase_is_a_synonym_of_a_word(client):
    SearchSynonym.objects.create(words="лк, личный кабинет")
    make_article(title_ru="Вход в личный кабинет", body_ru="Откройте сайт.")
    make_article(title_ru="Кабинет врача", body_ru="Личные данные не нужны.")
    assert _titles(_search(client, "лк")) == ["Вход в личный кабинет"]


def test_every_word_of_the_query_must_still_match_itself_or_a_synonym(client):
    SearchSynonym.objects.create(words="киви, qiwi")
    make_article(title_ru="Кошелёк QIWI: вход", body_ru="Пароль и код.")
    make_article(title_ru="Кошелёк QIWI: платежи", body_ru="История операций.")
    assert _titles(_search(client, "киви вход")) == ["Кошелёк QIWI: вход"]


def test_the_synonym_is_highlighted_in_the_snippet(client):
    SearchSynonym.objects.create(words="киви, qiwi")
    make_article(title_ru="Про кошелёк", body_ru="Кошелёк QIWI открывается по номеру телефона.")
    page = _search(client, "киви").content.decode()
    assert "<mark>QIWI</mark>" in page


def test_content_editors_edit_synonyms_and_agents_cannot(content_editor_client, agent_client):
    url = reverse("admin:faq_searchsynonym_changelist")
    assert content_editor_client.get(url).status_code == 200
    assert agent_client.get(url).status_code == 403


# --- typo tolerance --------------------------------------------------------------------------


@pytest.fixture
def payment_article():
    return make_article(
        title_ru="Платёж не прошёл",
        summary_ru="Что делать, если деньги не дошли.",
        body_ru="Проверьте квитанцию и номер получателя.",
        title_en="A payment failed",
        body_en="Check the receipt and the recipient's number.",
    )


def test_a_misspelt_word_shows_did_you_mean_and_the_results_for_it(client, payment_article):
    response = _search(client, "квитанцея")
    page = response.content.decode()
    assert _titles(response) == ["Платёж не прошёл"]
    assert "По запросу «квитанцея» ничего не найдено" in page
    assert "Возможно, вы имели в виду" in page
    assert 'href="/help/search/?q=%D0%BA%D0%B2%D0%B8%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8E"' in page
    assert "по запросу «квитанцию»" in page


def test_a_misspelt_word_in_english_is_corrected_from_english_words(client, payment_article):
    response = _search(client, "reciept", prefix="/en")
    assert _titles(response) == ["A payment failed"]
    assert "Did you mean" in response.content.decode()


def test_only_the_misspelt_word_is_replaced(payment_article):
    corrected = correct(parse_query("получателя квитанцея"), language="ru")
    assert corrected.text == "получателя квитанцию"


def test_no_correction_for_gibberish_nor_for_a_query_that_finds_something(client, payment_article):
    page = _search(client, "щшзхъ").content.decode()
    assert "Возможно, вы имели в виду" not in page
    assert "По запросу «щшзхъ» ничего не найдено" in page
    assert correct(parse_query("квитанцию"), language="ru") is None


def test_drafts_never_lend_their_words_to_did_you_mean(client):
    make_article(title_ru="Секретный черновик", body_ru="Конфиденциально.", published=False)
    assert not SearchWord.objects.filter(word="конфиденциально").exists()
    assert "Возможно, вы имели в виду" not in _search(client, "конфеденциально").content.decode()


def test_the_vocabulary_follows_edits_unpublishing_and_deletion(payment_article):
    assert SearchWord.objects.get(language="ru", word="квитанцию").frequency == 1
    second = make_article(title_ru="Квитанцию потеряли", body_ru="Запросите копию.")
    assert SearchWord.objects.get(language="ru", word="квитанцию").frequency == 2

    second.body_ru = "Запросите дубликат."
    second.save()
    assert not SearchWord.objects.filter(word="копию").exists()
    assert SearchWord.objects.filter(word="дубликат").exists()

    second.status = second.Status.DRAFT
    second.save()
    assert SearchWord.objects.get(language="ru", word="квитанцию").frequency == 1
    payment_article.delete()
    assert not SearchWord.objects.filter(language="ru", word="квитанцию").exists()


def test_refresh_search_words_rebuilds_the_vocabulary(payment_article):
    SearchWord.objects.all().delete()
    out = StringIO()
    call_command("refresh_search_words", stdout=out)
    assert SearchWord.objects.get(language="ru", word="квитанцию").frequency == 1
    assert "words in the search vocabulary" in out.getvalue()


def test_suggest_says_which_corrected_query_it_answered(client, payment_article):
    data = client.get("/help/suggest/", {"q": "квитанцея"}).json()
    assert data["corrected"] == "квитанцию"
    assert [r["title"] for r in data["results"]] == ["Платёж не прошёл"]
    assert "corrected" not in client.get("/help/suggest/", {"q": "квитанцию"}).json()
