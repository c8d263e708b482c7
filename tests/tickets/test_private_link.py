"""Only the private link opens an appeal; everything else looks like a missing page."""

import pytest

from tests.tickets.factories import make_appeal, png_bytes, upload
from tickets.models import Appeal
from tickets.services import note_add
from tickets.uploads import check_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_appeals(topic):
    png = check_upload(upload("a.png", png_bytes(), "image/png"))
    first = make_appeal(topic, email="first@example.org", files=[png])
    second = make_appeal(topic, email="second@example.org", subject="Чужое обращение")
    return first, second


def _normalised_404(response, path):
    assert response.status_code == 404
    return response.content.decode().replace(path, "PATH")


def test_the_private_link_opens_the_appeal(client, two_appeals):
    first, _second = two_appeals
    response = client.get(first.get_absolute_url())
    assert response.status_code == 200
    assert first.reference in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_another_appeals_token_and_no_such_appeal_look_the_same(client, two_appeals):
    first, second = two_appeals
    wrong = f"/appeal/{first.reference}/{'A' * 32}/"
    borrowed = f"/appeal/{first.reference}/{second.link_token}/"
    missing = f"/appeal/SP-ZZZ-ZZZ/{first.link_token}/"
    bodies = {_normalised_404(client.get(path), path) for path in (wrong, borrowed, missing)}
    assert len(bodies) == 1
    assert "Страница не найдена" in bodies.pop()


def test_without_a_token_there_is_no_page(client, two_appeals):
    first, _second = two_appeals
    assert client.get(f"/appeal/{first.reference}/").status_code == 404


def test_a_visitor_cannot_fetch_another_appeals_file(client, two_appeals):
    first, second = two_appeals
    attachment = first.attachments.get()
    own = f"/appeal/{first.reference}/{first.link_token}/files/{attachment.pk}/"
    assert client.get(own).status_code == 200
    through_other = f"/appeal/{second.reference}/{second.link_token}/files/{attachment.pk}/"
    assert client.get(through_other).status_code == 404
    wrong_token = f"/appeal/{first.reference}/{second.link_token}/files/{attachment.pk}/"
    assert client.get(wrong_token).status_code == 404


def test_files_are_never_under_a_public_media_url(client, two_appeals):
    first, _second = two_appeals
    name = first.attachments.get().file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert "/media/" not in client.get(first.get_absolute_url()).content.decode()


def test_internal_notes_never_reach_the_visitor(client, two_appeals, agent):
    first, _second = two_appeals
    note_add(appeal=first, author=agent, body="Клиент звонил дважды, проверить антифрод")
    assert "антифрод" not in client.get(first.get_absolute_url()).content.decode()


def test_a_reply_through_someone_elses_token_changes_nothing(client, two_appeals):
    first, second = two_appeals
    response = client.post(f"/appeal/{first.reference}/{second.link_token}/", {"body": "Hi"})
    assert response.status_code == 404
    assert not first.replies.exists()


def test_the_token_is_not_stored_in_the_database(two_appeals):
    first, _second = two_appeals
    row = Appeal.objects.filter(pk=first.pk).values().get()
    assert first.link_token not in {str(v) for v in row.values()}
