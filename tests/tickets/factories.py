"""Small builders for the appeals tests: real files, topics, appeals, staff."""

import io
import re
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tickets import services
from tickets.models import Topic


def png_bytes(size=(16, 12), color=(215, 56, 15)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A minimal, well-formed one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_topic(**fields) -> Topic:
    n = Topic.objects.count() + 1
    defaults = {"slug": f"topic-{n}", "name_ru": f"Тема {n}", "name_en": f"Topic {n}"}
    return Topic.objects.create(**{**defaults, **fields})


def appeal_form_data(topic: Topic, **overrides) -> dict:
    data = {
        "topic": str(topic.pk),
        "name": "Анна Петрова",
        "email": "anna@example.org",
        "phone": "",
        "wallet": "",
        "subject": "Платёж не дошёл до оператора",
        "description": "Вчера в 14:05 оплатила мобильную связь на 300 ₽, деньги списались.",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_appeal(topic: Topic | None = None, *, files=(), **fields):
    topic = topic or Topic.objects.visible().first() or make_topic()
    data = {
        "name": "Анна Петрова",
        "email": "anna@example.org",
        "subject": "Платёж не дошёл",
        "description": "Деньги списались, а на счёт не пришли.",
        "language": "ru",
    }
    data.update(fields)
    return services.appeal_create(topic=topic, files=files, **data).appeal


def form_token(html: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', html)
    assert match, "the form carries a one-time token"
    return match.group(1)


class _FormFields(HTMLParser):
    """Collects what a browser would submit from the page's main form."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.data[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def admin_change_data(html: str, **changes) -> dict:
    """The admin change form's fields as the page has them, with `changes` applied."""
    parser = _FormFields("appeal_form")
    parser.feed(html)
    data = parser.data
    if data.get("assignee") is None:
        data["assignee"] = ""
    data.update(changes)
    data["_save"] = "Save"
    return data
