"""Staff edit contacts in the admin; bad input gets a clear message, in the staff's language.

Every request is made by a content editor (core.roles: the contacts and help apps) who is not a
superuser.
"""

import pytest

from contacts.models import Audience, Channel, HourlyWait, ServicePackage, WaitProfile
from contacts.validators import WEEK_HOURS
from tests.contacts.factories import make_audience, make_phone
from tests.contacts.pages import text

pytestmark = pytest.mark.django_db

ADD_CHANNEL = "/admin/contacts/channel/add/"
WEEKDAYS_9_TO_18 = [(day, "09:00", "18:00") for day in range(5)]


def channel_form(audience, *, intervals=WEEKDAYS_9_TO_18, **fields):
    data = {
        "audience": audience.pk,
        "kind": "phone",
        "title_ru": "Горячая линия",
        "title_en": "Hotline",
        "phone": "8 800 200-00-59",
        "email": "",
        "from_russia": "on",
        "is_toll_free": "on",
        "cost_note_ru": "",
        "cost_note_en": "",
        "order": "0",
        "is_published": "on",
        "intervals-TOTAL_FORMS": str(len(intervals)),
        "intervals-INITIAL_FORMS": "0",
        "intervals-MIN_NUM_FORMS": "0",
        "intervals-MAX_NUM_FORMS": "1000",
    }
    for index, (day, opens, closes) in enumerate(intervals):
        data[f"intervals-{index}-weekday"] = str(day)
        data[f"intervals-{index}-opens"] = opens
        data[f"intervals-{index}-closes"] = closes
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def audience(db):
    return make_audience(name_ru="Центральный офис")


def test_a_phone_typed_the_usual_way_is_stored_as_e164(content_editor_client, audience):
    response = content_editor_client.post(
        ADD_CHANNEL, channel_form(audience, phone="+7 (495) 231-36-45")
    )
    assert response.status_code == 302, text(response)
    channel = Channel.objects.get()
    assert channel.phone == "+74952313645"
    assert channel.display_value == "+7 495 231-36-45"
    assert channel.intervals.count() == 5
    page = text(content_editor_client.get(f"/admin/contacts/channel/{channel.pk}/change/"))
    assert 'value="+7 495 231-36-45"' in page  # edited as callers read it


def test_an_invalid_phone_gets_a_clear_error(content_editor_client, audience):
    response = content_editor_client.post(ADD_CHANNEL, channel_form(audience, phone="12345"))
    assert response.status_code == 200
    body = text(response)
    assert "«12345» — не номер, по которому можно позвонить." in body
    assert 'value="12345"' in body  # what they typed is kept
    assert not Channel.objects.exists()


def test_hours_that_close_before_they_open_are_refused(content_editor_client, audience):
    response = content_editor_client.post(
        ADD_CHANNEL, channel_form(audience, intervals=[(0, "18:00", "09:00")])
    )
    assert response.status_code == 200
    assert "Закрывается (09:00) раньше, чем открывается (18:00)." in text(response)
    assert not Channel.objects.exists()


def test_overlapping_hours_on_the_same_day_are_refused(content_editor_client, audience):
    response = content_editor_client.post(
        ADD_CHANNEL,
        channel_form(audience, intervals=[(0, "09:00", "13:00"), (0, "12:00", "18:00")]),
    )
    assert response.status_code == 200
    assert (
        "Понедельник: 09:00–13:00 пересекается с 12:00–18:00. "
        "Часы работы в один день не должны пересекаться."
    ) in text(response)
    assert not Channel.objects.exists()


def test_hours_that_only_touch_are_fine(content_editor_client, audience):
    response = content_editor_client.post(
        ADD_CHANNEL,
        channel_form(audience, intervals=[(0, "09:00", "13:00"), (0, "13:00", "18:00")]),
    )
    assert response.status_code == 302
    assert Channel.objects.get().intervals.count() == 2


def test_a_channel_needs_hours_or_round_the_clock(content_editor_client, audience):
    response = content_editor_client.post(ADD_CHANNEL, channel_form(audience, intervals=[]))
    assert "Добавьте часы работы (по московскому времени)" in text(response)
    response = content_editor_client.post(
        ADD_CHANNEL, channel_form(audience, intervals=[], always_open="on")
    )
    assert response.status_code == 302
    assert Channel.objects.get().always_open


def test_a_phone_needs_to_say_who_can_call_it(content_editor_client, audience):
    response = content_editor_client.post(ADD_CHANNEL, channel_form(audience, from_russia=None))
    assert "Укажите, откуда можно звонить на этот номер" in text(response)


def test_only_one_phone_can_be_the_main_hotline(content_editor_client, audience):
    make_phone(audience=audience, phone="8 800 707-77-59", is_main_hotline=True)
    response = content_editor_client.post(ADD_CHANNEL, channel_form(audience, is_main_hotline="on"))
    assert response.status_code == 200
    assert "Основная горячая линия уже другой телефон" in text(response)


def test_an_e_mail_channel_cannot_have_a_phone_number(content_editor_client, audience):
    response = content_editor_client.post(
        ADD_CHANNEL,
        channel_form(
            audience,
            kind="email",
            email="tp@qiwi.com",
            from_russia=None,
            is_toll_free=None,
            always_open="on",
            intervals=[],
        ),
    )
    assert "У почтового канала номер телефона должен быть пустым." in text(response)


def wait_form(profile, **levels):
    data = {
        "channel": profile.channel_id,
        "summary_ru": profile.summary_ru,
        "summary_en": profile.summary_en,
        "is_published": "on",
    }
    current = profile.level_map()
    for day, hour in WEEK_HOURS:
        data[f"levels_{day}_{hour}"] = str(current[(day, hour)])
    data.update(levels)
    return data


@pytest.mark.usefixtures("shipped_content")
def test_a_wait_level_out_of_range_is_refused(content_editor_client):
    profile = WaitProfile.objects.get()
    url = f"/admin/contacts/waitprofile/{profile.pk}/change/"
    response = content_editor_client.post(url, wait_form(profile, levels_5_20="7"))
    assert response.status_code == 200
    assert "Суббота, 20:00: «7» — не уровень ожидания; выберите от 1 до 4." in text(response)
    assert HourlyWait.objects.get(weekday=5, hour=20).level == 4


@pytest.mark.usefixtures("shipped_content")
def test_the_whole_week_is_edited_on_one_page(content_editor_client):
    profile = WaitProfile.objects.get()
    url = f"/admin/contacts/waitprofile/{profile.pk}/change/"
    page = text(content_editor_client.get(url))
    assert page.count('<select name="levels_') == 168
    assert '<label class="visually-hidden" for="id_levels_5_20">Суббота, 20:00</label>' in page
    response = content_editor_client.post(url, wait_form(profile, levels_5_20="2", levels_0_3="1"))
    assert response.status_code == 302
    assert HourlyWait.objects.get(weekday=5, hour=20).level == 2
    assert HourlyWait.objects.get(weekday=0, hour=3).level == 1
    assert HourlyWait.objects.count() == 168


@pytest.mark.usefixtures("shipped_content")
def test_an_editor_can_open_every_contacts_admin_page(content_editor_client):
    for model in (Audience, Channel, WaitProfile, ServicePackage):
        url = f"/admin/contacts/{model._meta.model_name}/"
        assert content_editor_client.get(url).status_code == 200, url
        assert content_editor_client.get(f"{url}add/").status_code == 200, url
        obj = model.objects.first()
        assert content_editor_client.get(f"{url}{obj.pk}/change/").status_code == 200, url


@pytest.mark.usefixtures("shipped_content")
def test_staff_find_a_channel_by_the_number_as_they_read_it(content_editor_client):
    response = content_editor_client.get("/admin/contacts/channel/", {"q": "8 800 707-77"})
    assert "8 800 707-77-59" in text(response)
    assert "8 800 200-62-25" not in text(response)


@pytest.mark.usefixtures("shipped_content")
def test_an_audience_slug_is_fixed_once_saved(content_editor_client):
    office = Audience.objects.get(slug="office")
    response = content_editor_client.get(f"/admin/contacts/audience/{office.pk}/change/")
    assert response.status_code == 200
    assert 'name="slug"' not in text(response)
    assert 'name="slug"' in text(content_editor_client.get("/admin/contacts/audience/add/"))
