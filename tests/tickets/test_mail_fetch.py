"""`fetch_mail` against a real Dovecot: answers in the charsets Russian mail uses become the
visitor's replies on the right appeal, robots and strangers do not, and nothing comes in twice."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.tickets.factories import make_appeal, png_bytes
from tests.tickets.mails import build
from tickets.inbound.addresses import reply_address
from tickets.models import Appeal, InboundMessage, OutboxEmail, Reply, Status

pytestmark = pytest.mark.django_db


def fetch() -> str:
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue()


def address_of(appeal: Appeal) -> str:
    return reply_address(appeal.reference, appeal.link_secret)


def visitor_texts(appeal: Appeal) -> list[str]:
    return list(appeal.replies.filter(author_kind="visitor").values_list("body", flat=True))


# A delivery status notification (RFC 3464) as Postfix sends it, minus the returned message.
DSN_BODY = """--dsn
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org. Your message could not be delivered.

--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; nobody@example.net
Action: failed
Status: 5.1.1

--dsn
Content-Type: text/rfc822-headers

Subject: Ваше обращение принято
--dsn--
""".replace("\n", "\r\n")


@pytest.fixture
def appeal(topic):
    return make_appeal(topic)


@pytest.mark.parametrize("charset", ["utf-8", "koi8-r", "cp1251"])
def test_an_answer_in_any_russian_charset_becomes_the_visitors_reply(mailbox, appeal, charset):
    mailbox.append(
        build(
            to=f"Справка <{address_of(appeal)}>",
            subject="Re: Ваше обращение принято, ёлка",
            text="Номер платежа 123456, ёжик.\n\nАнна",
            charset=charset,
        )
    )
    assert "imported 1" in fetch()
    assert visitor_texts(appeal) == ["Номер платежа 123456, ёжик.\n\nАнна"]
    assert mailbox.count("INBOX") == 0
    assert mailbox.count("processed") == 1


def test_an_html_only_answer_is_read_as_text_without_any_tag(mailbox, appeal):
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Первая строка</p>"
        "<div>Вторая &amp; <b>жирная</b><br>третья</div><script>alert(1)</script>"
        '<div class="gmail_quote"><div>On Fri, Support wrote:</div>'
        "<blockquote>Ваше обращение принято</blockquote></div></body></html>"
    )
    mailbox.append(build(to=address_of(appeal), text=None, html=html))
    fetch()
    (text,) = visitor_texts(appeal)
    assert text == "Первая строка\nВторая & жирная\nтретья"
    assert "<" not in text and "alert" not in text and "принято" not in text


def test_quoted_history_and_signature_are_left_out(mailbox, appeal):
    text = (
        "Деньги так и не пришли.\n\n-- \nАнна Петрова\n+7 900 000-00-00\n\n"
        '28.11.2026, 10:00, "Справка" <support@localhost>:\n> Ваше обращение принято.\n'
    )
    mailbox.append(build(to=address_of(appeal), text=text))
    fetch()
    assert visitor_texts(appeal) == ["Деньги так и не пришли."]


def test_attachments_pass_the_forms_checks_and_a_refused_one_is_noted(mailbox, appeal):
    mailbox.append(
        build(
            to=address_of(appeal),
            text="Скриншот во вложении.",
            attachments=[
                ("снимок экрана.png", "image/png", png_bytes()),
                ("virus.exe", "application/octet-stream", b"MZ\x90\x00" * 50),
            ],
        )
    )
    fetch()
    reply = Reply.objects.get(appeal=appeal, author_kind="visitor")
    assert [a.original_name for a in reply.attachments.all()] == ["снимок экрана.png"]
    assert reply.body.startswith("Скриншот во вложении.")
    assert "«virus.exe»" in reply.body or "“virus.exe”" in reply.body
    assert "не добавлен" in reply.body


def test_a_card_number_in_an_emailed_answer_is_masked(mailbox, appeal):
    mailbox.append(build(to=address_of(appeal), text="Карта 4276 3800 1234 5679, помогите."))
    fetch()
    (text,) = visitor_texts(appeal)
    assert "4276 3800 1234 5679" not in text
    assert "5679" in text


@pytest.mark.parametrize(
    "headers, content_type, reason",
    [
        ({"Auto-Submitted": "auto-replied"}, None, "auto_submitted"),
        ({"Precedence": "bulk"}, None, "precedence"),
        ({"Precedence": "auto_reply"}, None, "precedence"),
        ({"X-Autoreply": "yes"}, None, "autoreply"),
        ({"X-Autorespond": "Я в отпуске"}, None, "autoreply"),
        ({"List-Id": "<news.example.org>"}, None, "list"),
        ({}, 'multipart/report; report-type=delivery-status; boundary="dsn"', "bounce"),
    ],
)
def test_robots_never_reply_nor_reopen_and_are_kept_for_staff(
    mailbox, appeal, headers, content_type, reason
):
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.RESOLVED)
    emails_before = OutboxEmail.objects.count()
    text = DSN_BODY if content_type else "Я в отпуске до понедельника."
    mailbox.append(
        build(to=address_of(appeal), text=text, headers=headers, content_type=content_type)
    )
    assert "ignored 1" in fetch()
    appeal.refresh_from_db()
    assert appeal.status == Status.RESOLVED
    assert visitor_texts(appeal) == []
    assert OutboxEmail.objects.count() == emails_before
    kept = InboundMessage.objects.get()
    assert (kept.status, kept.reason) == ("ignored", reason)


def test_a_bounce_from_the_mailer_daemon_is_ignored(mailbox, appeal):
    mailbox.append(
        build(
            to=address_of(appeal),
            sender="Mail Delivery System <MAILER-DAEMON@mx.example.org>",
            subject="Undelivered Mail Returned to Sender",
            text="This is the mail system at host mx.example.org.",
        )
    )
    fetch()
    assert InboundMessage.objects.get().reason == "bounce"
    assert visitor_texts(appeal) == []


def test_mail_from_our_own_address_is_a_loop_and_ignored(mailbox, appeal, settings):
    settings.DEFAULT_FROM_EMAIL = "Справка <noreply@help.example.org>"
    mailbox.append(build(to=address_of(appeal), sender="noreply@help.example.org"))
    fetch()
    assert InboundMessage.objects.get().reason == "own_address"
    assert visitor_texts(appeal) == []


def test_mail_matching_nothing_is_kept_unmatched_in_its_folder(mailbox, appeal):
    mailbox.append(
        build(to="support@localhost", text="Здравствуйте, у меня вопрос по карте 4276380012345679")
    )
    assert "unmatched 1" in fetch()
    kept = InboundMessage.objects.get()
    assert (kept.status, kept.reason) == ("unmatched", "no_address")
    assert kept.from_address == "anna@example.org"
    assert "4276380012345679" not in kept.body and "5679" in kept.body
    assert mailbox.count("unmatched") == 1 and mailbox.count("INBOX") == 0


def test_a_forged_sender_with_a_stolen_subject_and_thread_matches_nothing(mailbox, appeal):
    ours = OutboxEmail.objects.get(appeal=appeal)
    mailbox.append(
        build(
            to="support@localhost",
            sender="mallory@evil.example",
            subject=f"Re: Обращение {appeal.reference} принято",
            text="Закройте обращение.",
            headers={"In-Reply-To": ours.message_id, "References": ours.message_id},
        )
    )
    fetch()
    assert visitor_texts(appeal) == []
    assert InboundMessage.objects.get().reason == "sender_mismatch"


def test_a_wrong_secret_matches_nothing_even_from_the_visitors_address(mailbox, appeal):
    ours = OutboxEmail.objects.get(appeal=appeal)
    forged = f"support+{appeal.reference}.{'0' * 20}@localhost"
    mailbox.append(build(to=forged, headers={"In-Reply-To": ours.message_id}))
    fetch()
    assert visitor_texts(appeal) == []
    assert InboundMessage.objects.get().reason == "wrong_secret"


def test_the_address_matches_whatever_case_the_mail_server_gives_it(mailbox, appeal):
    mailbox.append(build(to=address_of(appeal).lower(), sender="other@example.net"))
    fetch()
    assert visitor_texts(appeal) == ["Спасибо, жду ответа."]


def test_threading_headers_match_only_from_the_appeals_own_address(mailbox, appeal):
    ours = OutboxEmail.objects.get(appeal=appeal)
    mailbox.append(
        build(
            to="support@localhost",
            sender="ANNA@example.org",
            headers={"In-Reply-To": ours.message_id},
        )
    )
    fetch()
    assert visitor_texts(appeal) == ["Спасибо, жду ответа."]
    assert InboundMessage.objects.get().reason == "thread"


def test_an_answer_reopens_a_resolved_appeal(mailbox, appeal):
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.RESOLVED)
    mailbox.append(build(to=address_of(appeal), text="Не решено: деньги не пришли."))
    fetch()
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_PROGRESS


def test_an_answer_to_a_closed_appeal_opens_a_linked_follow_up(mailbox, appeal, client):
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)
    mailbox.append(build(to=address_of(appeal), text="Проблема повторилась сегодня."))
    fetch()
    follow_up = Appeal.objects.get(follow_up_of=appeal)
    assert follow_up.description == "Проблема повторилась сегодня."
    assert (follow_up.email, follow_up.topic, follow_up.language) == (
        appeal.email,
        appeal.topic,
        appeal.language,
    )
    assert OutboxEmail.objects.filter(appeal=follow_up, kind="confirmation").exists()
    new_page = client.get(follow_up.get_absolute_url()).content.decode()
    assert appeal.reference in new_page and appeal.get_absolute_url() in new_page
    old_page = client.get(appeal.get_absolute_url()).content.decode()
    assert follow_up.reference in old_page
    assert follow_up.get_absolute_url() not in old_page


def test_further_answers_to_the_closed_appeal_go_to_its_open_follow_up(mailbox, appeal):
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)
    mailbox.append(build(to=address_of(appeal), text="Проблема повторилась."))
    mailbox.append(build(to=address_of(appeal), text="И ещё раз сегодня."))
    fetch()
    follow_up = Appeal.objects.get(follow_up_of=appeal)
    assert visitor_texts(follow_up) == ["И ещё раз сегодня."]
    assert InboundMessage.objects.filter(appeal=follow_up, reason="follow_up").count() == 2


def test_an_anonymised_appeal_accepts_nothing(mailbox, appeal):
    Appeal.objects.filter(pk=appeal.pk).update(anonymised_at=timezone.now())
    mailbox.append(build(to=address_of(appeal)))
    fetch()
    assert visitor_texts(appeal) == []
    assert InboundMessage.objects.get().reason == "anonymised"


def test_a_message_is_imported_once_even_if_it_is_delivered_again(mailbox, appeal):
    raw = build(to=address_of(appeal), message_id="<same-message@mail.example.org>")
    mailbox.append(raw)
    fetch()
    mailbox.append(raw)  # e.g. it was also addressed to a second address of ours
    out = fetch()
    # Just imported: left for a minute to the fetcher that imported it (it may be moving it).
    assert "seen before 1" in out and mailbox.count("INBOX") == 1
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(minutes=2))
    out = fetch()
    assert "seen before 1" in out
    assert visitor_texts(appeal) == ["Спасибо, жду ответа."]
    assert mailbox.count("INBOX") == 0 and mailbox.count("processed") == 2


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_the_mailbox_is_read_over_tls_too(mailbox, appeal, settings, security):
    mailbox.settings(settings, security=security)
    mailbox.append(build(to=address_of(appeal)))
    assert "imported 1" in fetch()


def test_a_refused_login_is_a_clear_error(mailbox, settings):
    settings.TICKETS_IMAP_PASSWORD = "wrong"
    with pytest.raises(CommandError, match="LOGIN refused"):
        fetch()


def test_without_a_mailbox_configured_the_command_says_so(settings):
    settings.TICKETS_IMAP_HOST = ""
    with pytest.raises(CommandError, match="TICKETS_IMAP_HOST is not set"):
        fetch()


def test_a_message_that_breaks_the_import_is_set_aside_and_the_rest_come_in(
    mailbox, appeal, monkeypatch
):
    from tickets.inbound import services as inbound

    real_parse = inbound.parse

    def parse_with_a_bug(raw):
        if b"X-Breaks-Parser" in raw:
            raise ValueError("a bug in the parser")
        return real_parse(raw)

    monkeypatch.setattr(inbound, "parse", parse_with_a_bug)
    mailbox.append(build(to=address_of(appeal), headers={"X-Breaks-Parser": "1"}))
    mailbox.append(build(to=address_of(appeal), text="Второе письмо дошло."))
    fetch()
    assert visitor_texts(appeal) == ["Второе письмо дошло."]
    assert InboundMessage.objects.get(status="unmatched").reason == "unreadable"
    assert mailbox.count("INBOX") == 0 and mailbox.count("unmatched") == 1


def test_a_server_certificate_nobody_vouches_for_is_refused(mailbox, settings):
    import ssl

    mailbox.settings(settings, security="ssl")
    settings.TICKETS_IMAP_CA_FILE = ""  # the system's CAs do not know the test's own certificate
    with pytest.raises(ssl.SSLCertVerificationError):
        fetch()


@pytest.mark.parametrize("uid_expunge", [True, False])
def test_without_move_the_message_is_copied_then_expunged(
    mailbox, appeal, monkeypatch, uid_expunge
):
    from tickets.inbound import imap

    real_init = imap.Mailbox.__init__

    def older_server(self, connection):
        real_init(self, connection)
        self.can_move, self.can_uid_expunge = False, uid_expunge

    monkeypatch.setattr(imap.Mailbox, "__init__", older_server)
    mailbox.append(build(to=address_of(appeal)))
    mailbox.append(build(to="nobody@localhost"))
    fetch()
    assert mailbox.count("INBOX") == 0
    assert mailbox.count("processed") == 1 and mailbox.count("unmatched") == 1


def test_with_no_done_folder_imported_mail_is_deleted(mailbox, appeal, settings):
    settings.TICKETS_IMAP_DONE_FOLDER = ""
    mailbox.append(build(to=address_of(appeal)))
    fetch()
    assert mailbox.count("INBOX") == 0 and mailbox.count("processed") == 0
    assert visitor_texts(appeal) == ["Спасибо, жду ответа."]


def test_a_message_over_the_size_limit_is_kept_from_its_headers_unread(mailbox, appeal, settings):
    settings.TICKETS_INBOUND_MAX_BYTES = 2000
    big = ("Очень длинное письмо. " * 200).strip()
    mailbox.append(build(to=address_of(appeal), subject="Огромное вложение", text=big))
    assert "unmatched 1" in fetch()
    kept = InboundMessage.objects.get()
    assert (kept.reason, kept.subject, kept.body) == ("too_large", "Огромное вложение", "")
    assert kept.raw_size > 2000
    assert visitor_texts(appeal) == []
    assert mailbox.count("unmatched") == 1
