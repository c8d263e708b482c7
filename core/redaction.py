"""Card numbers and private links' secrets kept out of log lines and error reports (core.cards
does the masking, core.private_links the hiding).

Masking before saving covers the database, the outbox and e-mails; but a log line can quote a
form's value, a failed query or an address, and Django's error report (the 500 e-mail to ADMINS,
the debug page) shows the address, GET and POST values, local variables and settings. All pass
through here:
- CardMaskingFilter sits on the root handlers (settings.LOGGING) and rewrites each record;
- CardMaskingExceptionReporterFilter is settings.DEFAULT_EXCEPTION_REPORTER_FILTER (POST values,
  local variables, settings);
- RedactingExceptionReporter is settings.DEFAULT_EXCEPTION_REPORTER: it reports a copy of the
  request whose address, GET values and address headers are redacted (a search's query is what
  the visitor typed; a private link opens an appeal).
"""

import copy
import logging
from urllib.parse import unquote_plus

from django.http import QueryDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from core.cards import mask_cards
from core.private_links import hide_private_links


class _Shown:
    """A variable shown by its (masked) repr in an error report."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


def _masked_value(value):
    if isinstance(value, str):
        masked = mask_cards(str(value))  # lazy strings too; unchanged values keep their type
        return masked.text if masked.found else value
    if isinstance(value, bool | float) or value is None:
        return value
    if isinstance(value, int):
        return _masked_int(value)
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ is the reporter's business, not ours
        return value
    masked = mask_cards(text)
    return _Shown(masked.text) if masked.found else value


def _masked_int(value: int):
    masked = mask_cards(str(value))
    return _Shown(masked.text) if masked.found else value


class CardMaskingFilter(logging.Filter):
    """Masks card numbers in a record's message, arguments and traceback, and hides private
    links' secrets in its message ("Not Found: /appeal/<reference>/<secret>/sent/", Django's
    request log); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let the handler report it as usual
            return True
        masked = mask_cards(message)
        hidden = hide_private_links(masked.text)
        if masked.found or hidden != masked.text:
            record.msg, record.args = hidden, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_cards(record.exc_text).text
        return True


class CardMaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's error reports with card numbers masked in POST values, variables and settings."""

    def cleanse_setting(self, key, value):
        return _masked_value(super().cleanse_setting(key, value))

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if hasattr(params, "lists"):
            params = params.copy()
            for key, values in list(params.lists()):
                params.setlist(key, [_masked_value(value) for value in values])
            return params
        return {key: _masked_value(value) for key, value in params.items()}

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [(name, _masked_value(value)) for name, value in variables]


# What the report prints of the address besides path, path_info and GET.
_ADDRESS_META = ("PATH_INFO", "QUERY_STRING", "REQUEST_URI", "RAW_URI", "HTTP_REFERER")


def _redacted_text(text: str) -> str:
    """Card numbers masked and private links' secrets hidden in text that may be part of an
    address: percent-encoded or with "+" for spaces ("4276+3800+…" is a card too). Text with
    nothing to hide is returned as it was."""
    decoded = unquote_plus(text) if "%" in text or "+" in text else text
    masked = mask_cards(decoded)
    hidden = hide_private_links(masked.text)
    return hidden if masked.found or hidden != decoded else text


def _redacted_request(request):
    """A shallow copy of the request for the report, its address and GET values redacted."""
    shown = copy.copy(request)
    shown.path = _redacted_text(request.path)
    shown.path_info = _redacted_text(request.path_info)
    get = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        get.setlist(_redacted_text(key), [_redacted_text(value) for value in values])
    shown.GET = get
    shown.META = {
        **request.META,
        **{
            key: _redacted_text(request.META[key])
            for key in _ADDRESS_META
            if isinstance(request.META.get(key), str)
        },
    }
    return shown


class RedactingExceptionReporter(ExceptionReporter):
    """Django's error report of the request with its address redacted (see _redacted_request):
    the report's title, "Request URL", GET and META lines, and the 500 e-mail's body."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(
            _redacted_request(request) if request is not None else None, *args, **kwargs
        )
