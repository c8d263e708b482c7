"""Reading the support mailbox over IMAP (imaplib): each message by UID, imported, then moved
out of the folder once the database has committed it. If the process dies between the commit and
the move, the message is read again next time, its digest is found and it is only moved."""

import imaplib
import logging
import re
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from tickets.inbound.services import import_message, import_too_large, import_unreadable

logger = logging.getLogger("tickets.inbound")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
# A message whose row another fetcher committed less than this ago is left to that fetcher to
# move: two sessions moving one message at once can leave two copies in the done folder. Older
# than this, the fetcher that imported it died before moving it, and whoever sees it moves it.
MOVE_GRACE = timedelta(seconds=60)
# Bytes of an over-size message's headers that are downloaded (for its sender and subject).
HEADER_FETCH_MAX = 64 * 1024


class MailboxError(Exception):
    """The IMAP server refused something we need (login, folder, fetch)."""


@dataclass
class FetchReport:
    imported: int = 0
    unmatched: int = 0
    ignored: int = 0
    known: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"imported {self.imported}, unmatched {self.unmatched}, ignored {self.ignored}, "
            f"seen before {self.known}"
        )


def _check(result: tuple, what: str):
    status, data = result
    if status != "OK":
        raise MailboxError(f"{what}: {status} {data!r}")
    return data


def _gone(result: tuple) -> bool:
    """The server says the message was expunged meanwhile: another fetcher moved it."""
    status, data = result
    return status == "NO" and any(b"EXPUNGEISSUED" in (item or b"") for item in data)


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect() -> imaplib.IMAP4:
    host, port = settings.TICKETS_IMAP_HOST, settings.TICKETS_IMAP_PORT
    if not host:
        raise MailboxError("TICKETS_IMAP_HOST is not set")
    timeout = settings.TICKETS_IMAP_TIMEOUT
    security = settings.TICKETS_IMAP_SECURITY
    context = ssl.create_default_context(cafile=settings.TICKETS_IMAP_CA_FILE or None)
    if security == "ssl":
        imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
    else:
        imap = imaplib.IMAP4(host, port, timeout=timeout)
        if security == "starttls":
            imap.starttls(ssl_context=context)
    try:
        _check(imap.login(settings.TICKETS_IMAP_USER, settings.TICKETS_IMAP_PASSWORD), "LOGIN")
    except imaplib.IMAP4.error as exc:
        imap.shutdown()
        raise MailboxError(f"LOGIN refused for the configured user: {exc}") from exc
    return imap


class Mailbox:
    """One session on the configured folder."""

    def __init__(self, imap: imaplib.IMAP4):
        self.imap = imap
        _check(imap.select(_quote(settings.TICKETS_IMAP_FOLDER)), "SELECT")
        # Asked again after LOGIN: servers announce MOVE, UIDPLUS... only to a logged-in user.
        caps = _check(imap.capability(), "CAPABILITY")
        capabilities = (caps[0] or b"").decode("ascii", "replace").upper().split()
        self.can_move = "MOVE" in capabilities
        # UID EXPUNGE removes only our message, not others someone flagged \Deleted meanwhile.
        self.can_uid_expunge = "UIDPLUS" in capabilities
        self._created: set[str] = set()

    def uids(self) -> list[bytes]:
        data = _check(self.imap.uid("SEARCH", None, "ALL"), "UID SEARCH")
        return data[0].split() if data and data[0] else []

    def size(self, uid: bytes) -> int | None:
        result = self.imap.uid("FETCH", uid, "(RFC822.SIZE)")
        if _gone(result):
            return None
        data = _check(result, "UID FETCH SIZE")
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            match = _SIZE.search(line or b"")
            if match:
                return int(match.group(1))
        return None  # expunged meanwhile (another fetcher moved it)

    def fetch(self, uid: bytes, part: str = "BODY.PEEK[]") -> bytes | None:
        result = self.imap.uid("FETCH", uid, f"({part})")
        if _gone(result):
            return None
        data = _check(result, "UID FETCH")
        for item in data:
            if isinstance(item, tuple):
                return item[1]
        return None

    def _ensure_folder(self, folder: str) -> None:
        if folder in self._created:
            return
        # Already there is fine: CREATE then answers NO, which changes nothing.
        self.imap.create(_quote(folder))
        self._created.add(folder)

    def move(self, uid: bytes, folder: str | None) -> None:
        """Out of the folder: to `folder`, or deleted when it is empty."""
        if folder:
            self._ensure_folder(folder)
            if self.can_move:
                result = self.imap.uid("MOVE", uid, _quote(folder))
                if not _gone(result):
                    _check(result, "UID MOVE")
                return
            result = self.imap.uid("COPY", uid, _quote(folder))
            if _gone(result):
                return
            _check(result, "UID COPY")
        result = self.imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
        if _gone(result):
            return
        _check(result, "UID STORE")
        if self.can_uid_expunge:
            _check(self.imap.uid("EXPUNGE", uid), "UID EXPUNGE")
        else:
            _check(self.imap.expunge(), "EXPUNGE")

    def close(self) -> None:
        try:
            self.imap.close()
            self.imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def _destination(result) -> str | None:
    if result.unmatched:
        return settings.TICKETS_IMAP_FAILED_FOLDER or ""
    return settings.TICKETS_IMAP_DONE_FOLDER or None


def fetch_once(*, stop: Callable[[], bool] | None = None, limit: int = 500) -> FetchReport:
    """Reads what is in the folder now. Database errors and mailbox errors raise (the caller
    retries later); a message is moved only after its row has committed."""
    report = FetchReport()
    mailbox = Mailbox(connect())
    try:
        for uid in mailbox.uids()[:limit]:
            if stop is not None and stop():
                break
            size = mailbox.size(uid)
            if size is None:
                continue
            if size > settings.TICKETS_INBOUND_MAX_BYTES:
                # At most HEADER_FETCH_MAX: a message with no blank line after its headers is
                # all "headers", and it is over the size limit.
                header = mailbox.fetch(uid, f"BODY.PEEK[HEADER]<0.{HEADER_FETCH_MAX}>")
                result = _import_too_large(uid, header, size) if header is not None else None
            else:
                raw = mailbox.fetch(uid)
                result = _import(uid, raw) if raw is not None else None
            if result is None:
                continue
            _count(report, result)
            if _moved_by_another(result):
                continue
            destination = _destination(result)
            if destination == "":
                continue  # unmatched mail stays where it is when no folder is set for it
            mailbox.move(uid, destination)
    finally:
        mailbox.close()
    return report


def _import(uid: bytes, raw: bytes):
    try:
        return import_message(raw)
    except (OperationalError, InterfaceError):
        raise  # the database is down: the whole run is retried later
    except Exception:
        # One message must not block the mailbox: logged (no text, no address), set aside.
        logger.exception("Inbound e-mail UID %s could not be imported", uid.decode())
        return import_unreadable(raw)


def _import_too_large(uid: bytes, header: bytes, size: int):
    """As `_import`: headers that break the parser must not stop every run at this message."""
    try:
        return import_too_large(header, size)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        logger.exception(
            "Inbound e-mail UID %s (over the size limit) could not be read", uid.decode()
        )
        return import_unreadable(header, size=size)


def _moved_by_another(result) -> bool:
    return (
        result.known
        and result.message is not None
        and result.message.received_at > timezone.now() - MOVE_GRACE
    )


def _count(report: FetchReport, result) -> None:
    if result.known:
        report.known += 1
    elif result.message.status == "imported":
        report.imported += 1
    elif result.message.status == "unmatched":
        report.unmatched += 1
    else:
        report.ignored += 1
