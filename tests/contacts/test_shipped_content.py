"""`contacts.content.load()`: the seed's contacts, loaded idempotently, staff edits kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from contacts import content
from contacts.models import (
    Audience,
    Channel,
    HourlyWait,
    OpeningInterval,
    ServicePackage,
    WaitProfile,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Audience,
            Channel,
            OpeningInterval,
            WaitProfile,
            HourlyWait,
            ServicePackage,
        )
    }


def test_loading_twice_creates_no_duplicates():
    first = content.load()
    after_first = counts()
    second = content.load()
    assert first.startswith("added 4 audiences, 13 channels")
    assert second == "nothing to add, all shipped contacts are present"
    assert counts() == after_first
    assert after_first == {
        "Audience": 4,
        "Channel": 13,
        "OpeningInterval": 6 * 5,  # bank 4 + office 2 phones, Monday to Friday
        "WaitProfile": 1,
        "HourlyWait": 7 * 24,
        "ServicePackage": 1,
    }


def test_the_load_content_command_can_run_twice():
    out = StringIO()
    call_command("load_content", stdout=out)
    call_command("load_content", stdout=out)
    assert "contacts: added 4 audiences" in out.getvalue()
    assert "contacts: nothing to add" in out.getvalue()
    assert Channel.objects.count() == 13


def test_staff_edits_survive_a_reload():
    content.load()
    office = Audience.objects.get(slug="office")
    office.name_ru = "Головной офис"
    office.save()
    hotline = Channel.objects.get(content_key="wallet-hotline")
    hotline.phone = "+78001234567"  # the company changed its number
    hotline.save()
    bank = Channel.objects.get(content_key="bank-hotline")
    bank.intervals.filter(weekday=4).delete()  # no longer open on Fridays
    HourlyWait.objects.filter(weekday=5, hour=20).update(level=1)
    ServicePackage.objects.update(answer_within_seconds=5)

    content.load()

    assert Audience.objects.get(slug="office").name_ru == "Головной офис"
    assert not Channel.objects.filter(phone="+78007077759").exists()
    assert Channel.objects.get(content_key="wallet-hotline").phone == "+78001234567"
    assert not bank.intervals.filter(weekday=4).exists()
    assert HourlyWait.objects.get(weekday=5, hour=20).level == 1
    assert ServicePackage.objects.get().answer_within_seconds == 5
    assert Channel.objects.count() == 13


def test_a_number_staff_entered_by_hand_is_not_added_twice():
    content.load()
    Channel.objects.filter(content_key="office-moscow").update(content_key=None)
    content.load()
    assert Channel.objects.filter(phone="+74957835959").count() == 1


def test_missing_wait_hours_are_filled_in_without_touching_the_others():
    content.load()
    HourlyWait.objects.filter(weekday=0).delete()
    HourlyWait.objects.filter(weekday=1, hour=8).update(level=4)
    assert "added 24 wait hours" in content.load()
    assert HourlyWait.objects.count() == 168
    assert HourlyWait.objects.get(weekday=1, hour=8).level == 4


def test_the_shipped_numbers_are_stored_in_e164_and_english_is_filled_in():
    content.load()
    for channel in Channel.objects.filter(kind=Channel.Kind.PHONE):
        assert channel.phone.startswith("+7") and channel.phone[1:].isdigit()
        assert channel.title_en
    assert Channel.objects.get(is_main_hotline=True).phone == "+78007077759"
    assert all(a.name_en and a.description_en for a in Audience.objects.all())


OLD_BANK_TITLE_RU = "Для Москвы и области, а также международных звонков"


def test_a_reload_gives_the_bank_numbers_their_new_titles_unless_staff_renamed_them():
    content.load()
    first, second, third = (Channel.objects.get(content_key=f"bank-moscow-{n}") for n in (1, 2, 3))
    # A site loaded by an earlier release: all three had the same title.
    Channel.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(
        title_ru=OLD_BANK_TITLE_RU,
        title_en="Moscow and the Moscow region, and international calls",
    )
    Channel.objects.filter(pk=third.pk).update(title_ru="Резервный номер банка")  # staff's

    assert "3 new titles" in content.load()
    assert "nothing to add" in content.load()

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.title_ru == "Из Москвы, области и из-за рубежа: основной номер"
    assert second.title_en == "From Moscow, the Moscow region and abroad: second number"
    assert third.title_ru == "Резервный номер банка"
    assert third.title_en == "From Moscow, the Moscow region and abroad: third number"
