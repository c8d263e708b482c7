"""A person asks for their data: staff with the separate permission find their appeals by
e-mail or phone, download a copy (JSON plus files in a ZIP) and erase them; nobody else's
appeal is touched, and support agents cannot do it by default."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.test import Client

from privacy.models import DestructionCategory, DestructionRecord
from tests.staff import make_staff
from tests.tickets.factories import make_appeal, png_bytes, upload
from tickets.models import Appeal
from tickets.uploads import CheckedFile

pytestmark = pytest.mark.django_db

URL = "/admin/privacy/destructionrecord/subject-request/"


@pytest.fixture
def officer(db):
    """A staff member granted the permission on its own (a data protection officer)."""
    user = make_staff("dpo")
    user.user_permissions.add(
        Permission.objects.get(codename="handle_subject_requests"),
        Permission.objects.get(codename="view_destructionrecord"),
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(topic):
    checked = CheckedFile(upload=upload("чек.png", png_bytes()), content_type="image/png")
    anna = [
        make_appeal(topic, files=[checked], phone="+7 912 345-67-89"),
        make_appeal(topic, email="ANNA@example.org", subject="Второе обращение"),
    ]
    boris = make_appeal(topic, name="Борис", email="boris@example.org", phone="+79120000000")
    return anna, boris


def test_finding_by_email_lists_the_persons_appeals_only(officer, people):
    anna, boris = people
    page = officer.get(URL, {"email": "anna@example.org"}).content.decode()
    assert all(a.reference in page for a in anna)
    assert boris.reference not in page


def test_finding_by_phone_accepts_any_usual_spelling(officer, people):
    anna, boris = people
    page = officer.get(URL, {"phone": "8 (912) 345-67-89"}).content.decode()
    assert anna[0].reference in page and boris.reference not in page


def test_the_export_holds_the_persons_appeals_and_files_only(officer, people):
    anna, _boris = people
    response = officer.post(URL, {"email": "anna@example.org", "action": "export"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("appeals.json"))
    assert sorted(a["reference"] for a in data["appeals"]) == sorted(a.reference for a in anna)
    assert "boris@example.org" not in json.dumps(data)
    listed = [f["name"] for a in data["appeals"] for f in a["files"]]
    assert len(listed) == 1 and listed[0] in archive.namelist()
    names = archive.namelist()
    assert archive.read(next(n for n in names if n.endswith(".png"))) == png_bytes()


def test_erasing_removes_the_persons_data_and_leaves_others_alone(
    officer, people, django_capture_on_commit_callbacks
):
    anna, boris = people
    file_name = anna[0].attachments.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            URL, {"email": "anna@example.org", "action": "erase", "confirm": "yes"}
        )
    assert response.status_code == 302
    for appeal in anna:
        appeal.refresh_from_db()
        assert appeal.email == "" and appeal.name == "" and appeal.anonymised_at
    assert not default_storage.exists(file_name)
    boris.refresh_from_db()
    assert boris.email == "boris@example.org" and boris.name == "Борис"
    record = DestructionRecord.objects.get()
    assert record.category == DestructionCategory.SUBJECT_REQUEST
    assert record.appeals_count == 2 and record.performed_by_label == "dpo"
    assert set(record.references.split()) == {a.reference for a in anna}


def test_erasing_needs_the_confirmation_tick(officer, people):
    officer.post(URL, {"email": "anna@example.org", "action": "erase"})
    assert Appeal.objects.filter(email__iexact="anna@example.org").count() == 2
    assert not DestructionRecord.objects.exists()


def test_support_agents_cannot_find_export_or_erase(agent_client, people):
    assert agent_client.get(URL, {"email": "anna@example.org"}).status_code == 403
    response = agent_client.post(
        URL, {"email": "anna@example.org", "action": "erase", "confirm": "yes"}
    )
    assert response.status_code == 403
    assert Appeal.objects.filter(email__iexact="anna@example.org").count() == 2


def test_destruction_records_are_listed_and_exported_as_csv(officer, people):
    officer.post(URL, {"email": "boris@example.org", "action": "erase", "confirm": "yes"})
    listing = officer.get("/admin/privacy/destructionrecord/").content.decode()
    assert "dpo" in listing
    response = officer.get("/admin/privacy/destructionrecord/csv/")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert people[1].reference in text and "dpo" in text


def test_nobody_can_edit_or_delete_a_destruction_record(people):
    superuser = Client()
    superuser.force_login(make_staff("root", superuser=True))
    superuser.post(URL, {"email": "boris@example.org", "action": "erase", "confirm": "yes"})
    record = DestructionRecord.objects.get()
    delete = f"/admin/privacy/destructionrecord/{record.pk}/delete/"
    assert superuser.post(delete, {"post": "yes"}).status_code == 403
    assert DestructionRecord.objects.filter(pk=record.pk).exists()
