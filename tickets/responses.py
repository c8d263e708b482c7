"""Responses shared by the visitor's views and the staff admin (which must not import views)."""

from django.http import FileResponse, Http404

from tickets.models import Attachment


def private(response):
    # Private pages: never cached by a proxy, never indexed, never sent as a Referer elsewhere.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download of its checked type, never rendered by the browser."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return private(response)
