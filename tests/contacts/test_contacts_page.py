"""/contacts/: every shipped number and address, with its link, grouped by audience."""

import re

import pytest

from tests.contacts.factories import make_audience, make_email, make_phone, msk
from tests.contacts.pages import json_ld, text

pytestmark = pytest.mark.django_db

# Every phone number of the seed as the seed writes it, with its tel: target and how it is
# shown. "+7 (495) 231-36-45/46" is two numbers.
SEED_PHONES = [
    ("8 800 707-77-59", "+78007077759", "8 800 707-77-59"),
    ("8 800 200-53-90", "+78002005390", "8 800 200-53-90"),
    ("+7 495 783-69-00", "+74957836900", "+7 495 783-69-00"),
    ("8-800-200-62-25", "+78002006225", "8 800 200-62-25"),
    ("+7 (495) 231-36-45", "+74952313645", "+7 495 231-36-45"),
    ("+7 (495) 231-36-46", "+74952313646", "+7 495 231-36-46"),
    ("+7 (495) 009-00-99", "+74950090099", "+7 495 009-00-99"),
    ("8 800 200-00-59", "+78002000059", "8 800 200-00-59"),
    ("+7 495 783-59-59", "+74957835959", "+7 495 783-59-59"),
]
SEED_EMAILS = ["tp@qiwi.com", "konsultant@qiwi.com", "bankinfo@qiwi.ru"]
TUESDAY_NOON = msk(2026, 12, 1, 12, 0)
SATURDAY_NOON = msk(2026, 11, 28, 12, 0)


@pytest.mark.parametrize("url", ["/contacts/", "/en/contacts/"])
@pytest.mark.usefixtures("shipped_content")
def test_every_seed_number_and_address_is_a_link(client, url):
    body = client.get(url).content.decode()
    for seed, e164, shown in SEED_PHONES:
        assert f'<a href="tel:{e164}">{shown}</a>' in body, seed
    for address in SEED_EMAILS:
        assert f'<a href="mailto:{address}">{address}</a>' in body, address
    # Only the seed's numbers (some, like +7 495 783-69-00, serve more than one group).
    assert set(re.findall(r'href="tel:([^"]+)"', body)) == {e164 for _, e164, _ in SEED_PHONES}


@pytest.mark.usefixtures("shipped_content")
def test_contacts_are_grouped_by_audience_in_both_languages(client):
    body = text(client.get("/contacts/"))
    for heading in [
        "Пользователям QIWI Кошелька",
        "Агентам и по вопросам терминалов",
        "Держателям карт QIWI Банка",
        "Центральный офис",
    ]:
        assert f">{heading}</h2>" in body
    body = text(client.get("/en/contacts/"))
    for heading in [
        "QIWI Wallet users",
        "Agents and payment terminals",
        "QIWI Bank card holders",
        "Central office",
    ]:
        assert f">{heading}</h2>" in body
    # The hotline sits in the wallet group, the bank's e-mail in the card holders' group.
    wallet, agents, cards, office = (
        body.index('id="wallet"'),
        body.index('id="agents"'),
        body.index('id="card-holders"'),
        body.index('id="office"'),
    )
    assert wallet < body.index("tel:+78007077759") < agents
    assert cards < body.index("mailto:bankinfo@qiwi.ru") < office


@pytest.mark.usefixtures("shipped_content")
def test_who_can_call_what_it_costs_and_the_hours_are_in_words(client, freeze_now):
    freeze_now(TUESDAY_NOON)
    body = text(client.get("/en/contacts/"))
    assert "From any region of Russia, mobile phones included" in body
    assert "From Moscow and the Moscow region, from abroad" in body
    assert "The cost depends on your operator's rates" in body
    assert "Free call" in body
    assert "Round the clock, seven days a week" in body
    assert "Weekdays: 09:00–18:00; Saturday and Sunday: closed (Moscow time)" in body
    body = text(client.get("/contacts/"))
    assert "Из любого региона России, в том числе с мобильных" in body
    assert "Стоимость зависит от тарифов оператора связи" in body
    assert "Будни: 09:00–18:00; суббота и воскресенье: выходной (время московское)" in body


@pytest.mark.usefixtures("shipped_content")
def test_each_channel_says_whether_it_is_open_now(client, freeze_now):
    freeze_now(SATURDAY_NOON)
    body = text(client.get("/contacts/"))
    # 4 round-the-clock phones open; the bank's 4 and the office's 2 closed until Monday.
    assert body.count("Открыто сейчас</p>") == 4
    assert body.count("Закрыто, откроется в понедельник в 09:00</p>") == 6
    assert body.count("Пишите в любое время</p>") == 3

    freeze_now(TUESDAY_NOON)
    body = text(client.get("/en/contacts/"))
    assert body.count("Open now</p>") == 4
    assert body.count("Open now, until 18:00</p>") == 6


@pytest.mark.usefixtures("shipped_content")
def test_the_priority_package_is_on_the_page(client):
    body = text(client.get("/contacts/"))
    assert "Пакет услуг «Приоритет»" in body
    assert "Оператор примет звонок вне очереди в течение 10 секунд." in body
    assert "Без прослушивания автоответчика." in body
    assert "Письменные обращения также рассматриваются в первую очередь." in body
    body = text(client.get("/en/contacts/"))
    assert "An operator takes your call out of turn, within 10 seconds." in body


@pytest.mark.usefixtures("shipped_content")
def test_the_page_has_its_own_title_and_description(client):
    body = text(client.get("/contacts/"))
    assert "<title>Контакты поддержки: телефоны и электронная почта — Справка</title>" in body
    assert "Основная горячая линия: 8 800 707-77-59." in body
    body = text(client.get("/en/contacts/"))
    assert "<title>Support contacts: phones and e-mail — Spravka</title>" in body
    assert '<meta name="description" content="Support phone numbers and e-mail' in body


@pytest.mark.usefixtures("shipped_content")
def test_search_engines_get_the_contact_points_as_json_ld(client):
    data = json_ld(client.get("/en/contacts/"))
    assert data["@type"] == "Organization"
    points = {p.get("telephone") or p.get("email"): p for p in data["contactPoint"]}
    assert set(points) == {e164 for _, e164, _ in SEED_PHONES} | set(SEED_EMAILS)
    hotline = points["+78007077759"]
    assert hotline["contactType"] == "customer support"
    assert hotline["areaServed"] == "RU"
    assert hotline["availableLanguage"] == ["Russian"]
    assert hotline["contactOption"] == "TollFree"
    assert hotline["hoursAvailable"][0]["opens"] == "00:00"
    assert hotline["hoursAvailable"][0]["closes"] == "23:59"
    assert "contactOption" not in points["+74957836900"]
    bank = points["+74952313645"]["hoursAvailable"]
    assert bank == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "09:00",
            "closes": "18:00",
        }
    ]
    assert points["+78002005390"]["contactType"] == "technical support"


def test_staff_text_cannot_break_out_of_the_json_ld_block(client):
    make_phone(title_ru="</script><script>alert(1)</script>")
    response = client.get("/contacts/")
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert json_ld(response)["contactPoint"][0]["name"] == "</script><script>alert(1)</script>"


def test_hidden_channels_and_empty_audiences_are_not_shown(client):
    audience = make_audience(name_ru="Видимая группа")
    make_phone(audience=audience, phone="8 800 200-00-59")
    hidden = make_phone(audience=audience, phone="+7 495 783-59-59")
    hidden.is_published = False
    hidden.save()
    make_audience(name_ru="Пустая группа")
    body = text(client.get("/contacts/"))
    assert "Видимая группа" in body
    assert "783-59-59" not in body
    assert "Пустая группа" not in body


def test_an_english_text_left_empty_falls_back_to_russian(client):
    audience = make_audience(name_ru="Только по-русски", name_en="")
    make_email(audience=audience, email="help@example.org")
    assert "Только по-русски" in text(client.get("/en/contacts/"))


def test_the_page_works_with_no_contacts_at_all(client):
    response = client.get("/en/contacts/")
    assert response.status_code == 200
    assert json_ld(response)["contactPoint"] == []


@pytest.mark.usefixtures("shipped_content")
def test_the_page_needs_a_handful_of_queries_however_many_channels(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/contacts/").status_code == 200


@pytest.mark.usefixtures("shipped_content")
def test_the_bank_numbers_have_titles_that_tell_them_apart(client):
    for url in ("/contacts/", "/en/contacts/"):
        body = text(client.get(url))
        titles = re.findall(r'<p class="channel__title">([^<]+)</p>', body)
        assert len(titles) == 13
        assert len(set(titles)) == len(titles), url


def _group(body: str, slug: str) -> str:
    start = body.index(f'<section class="contact-group" id="{slug}"')
    return body[start : body.index("</section>", start)]


@pytest.mark.parametrize(
    ("url", "words"),
    [("/contacts/", "Звоните из-за рубежа?"), ("/en/contacts/", "Calling from abroad?")],
)
@pytest.mark.usefixtures("shipped_content")
def test_every_audience_says_which_number_to_call_from_abroad(client, url, words):
    body = text(client.get(url))
    expected = {
        "wallet": ["+74957836900"],
        "agents": ["+74957836900"],
        "card-holders": ["+74952313645", "+74952313646", "+74950090099"],
        "office": ["+74957836900"],  # the office has no number for abroad: support's line
    }
    for slug, numbers in expected.items():
        group = _group(body, slug)
        line = re.search(r'<p class="contact-group__abroad">(.*?)</p>', group, re.S)
        assert line, slug
        assert words in line.group(1)
        assert re.findall(r'href="tel:([^"]+)"', line.group(1)) == numbers, slug


@pytest.mark.usefixtures("shipped_content")
def test_wallet_users_find_the_number_for_moscow_and_abroad_in_their_own_group(client):
    wallet = _group(text(client.get("/contacts/")), "wallet")
    assert '<a href="tel:+74957836900">+7 495 783-69-00</a></h3>' in wallet
    assert "Для звонков из Москвы и из-за рубежа" in wallet


@pytest.mark.usefixtures("shipped_content")
def test_each_card_starts_with_the_number_and_its_status(client):
    body = text(client.get("/contacts/"))
    cards = re.findall(r'<li class="channel card">(.*?)</li>', body, re.S)
    assert len(cards) == 13
    for card in cards:
        number = card.index('class="channel__value')
        assert number < card.index('class="status') < card.index('class="channel__title"')
        assert number < card.index('class="channel__facts"')
