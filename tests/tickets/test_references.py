import re

import pytest

from tests.tickets.factories import make_appeal
from tickets import references, services
from tickets.references import normalize_reference

pytestmark = pytest.mark.django_db

READABLE = re.compile(
    r"^SP-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{3}$"
)


def test_references_can_be_read_out_without_confusable_characters():
    for _ in range(200):
        reference = references.new_reference()
        assert READABLE.match(reference), reference
        assert not set(reference[3:]) & set("01OIL")


def test_references_are_random_not_a_sequence(topic):
    refs = [make_appeal(topic).reference for _ in range(20)]
    assert len(set(refs)) == 20
    # Filed one after another, yet not in order: nobody can count appeals or guess a neighbour.
    assert refs not in (sorted(refs), sorted(refs, reverse=True))


def test_a_colliding_reference_is_drawn_again(topic, monkeypatch):
    taken = make_appeal(topic).reference
    drawn = iter([taken, taken, "SP-ABC-DEF"])
    monkeypatch.setattr(references, "new_reference", lambda: next(drawn))
    appeal = make_appeal(topic)
    assert appeal.reference == "SP-ABC-DEF"


def test_it_gives_up_clearly_when_no_reference_is_free(topic, monkeypatch):
    taken = make_appeal(topic).reference
    drawn = []
    monkeypatch.setattr(references, "new_reference", lambda: drawn.append(taken) or taken)
    with pytest.raises(RuntimeError, match="No free reference"):
        make_appeal(topic)
    assert len(drawn) == services.REFERENCE_ATTEMPTS == 10


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("SP-7K3-9QX", "SP-7K3-9QX"),
        ("sp-7k3-9qx", "SP-7K3-9QX"),
        (" SP 7K3 9QX ", "SP-7K3-9QX"),
        ("SP7K39QX", "SP-7K3-9QX"),
        ("7K3-9QX", "SP-7K3-9QX"),
        ("SP-7K3-9Q0", None),
        ("SP-7K3-9Q", None),
        ("", None),
    ],
)
def test_a_typed_reference_is_understood_loosely(typed, expected):
    assert normalize_reference(typed) == expected


def test_the_link_token_survives_a_secret_key_rotation(topic, settings):
    appeal = make_appeal(topic)
    token = appeal.link_token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test"
    assert appeal.check_link_token(token)
    assert not appeal.check_link_token(token[:-1] + ("A" if token[-1] != "A" else "B"))
