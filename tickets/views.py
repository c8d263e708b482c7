import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import consent
from core.cache import has_visitor_state
from core.limits import body_limit
from core.origin import same_origin_post
from core.ratelimit import limit_reached
from core.token_pages import keep_with_tokens
from tickets import ratings, references, services
from tickets.forms import AppealForm, FindForm, RatingForm, ReplyForm, new_form_token
from tickets.mail import appeal_link
from tickets.models import Appeal, SatisfactionRating, Topic
from tickets.responses import attachment_response, private

logger = logging.getLogger(__name__)


def _appeal_or_404(reference: str, token: str) -> Appeal:
    """The appeal this private link opens. A wrong token, another appeal's token and an unknown
    reference all end in the same 404, after the same work."""
    appeal = Appeal.objects.select_related("topic").filter(reference=reference).first()
    if appeal is None:
        references.check_link_token(reference, "no-such-appeal", token)
        raise Http404
    if not appeal.check_link_token(token):
        raise Http404
    return appeal


def _file_limits() -> dict:
    return {
        "max_files": settings.TICKETS_MAX_FILES,
        "max_file_size": settings.TICKETS_MAX_FILE_SIZE,
    }


def _file_not_stored() -> str:
    return _(
        "The file could not be stored, please try again later. Nothing was sent; what you wrote "
        "is kept below, but the files must be chosen again."
    )


def _add_service_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: beside its field when the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def upload_body_limit() -> int:
    """The largest body the appeal and reply forms take: every file at its largest, plus text."""
    files = settings.TICKETS_MAX_FILES * settings.TICKETS_MAX_FILE_SIZE
    return files + settings.REQUEST_FORM_MARGIN


def _kept_text(form_class, data) -> dict:
    """What the visitor typed, as initial values: shown again without validating anything."""
    return {
        name: data.get(name)
        for name, field in form_class.base_fields.items()
        if name in data and not isinstance(field, forms.FileField)
    }


def _render_new(request, form, *, status=200, rate_limited=False, too_large=None):
    return render(
        request,
        "tickets/new.html",
        {
            "form": form,
            "rate_limited": rate_limited,
            "too_large": too_large,
            "files_lost": request.method == "POST" and (bool(request.FILES) or bool(too_large)),
            "due_hours": settings.TICKETS_DUE_HOURS,
            "consent_text": consent.current(),
            "crumbs": [(_("Online appeal"), "")],
            **_file_limits(),
        },
        status=status,
    )


@never_cache
def _new_too_large(request, limit):
    """core.middleware refused the body unread: nothing the visitor typed can be kept."""
    form = AppealForm(initial={"form_token": new_form_token()})
    return _render_new(request, form, status=413, too_large=limit)


# The settings the blank form prints: a changed one is a different page.
_BLANK_FORM_SETTINGS = ("TICKETS_DUE_HOURS", "TICKETS_MAX_FILES", "TICKETS_MAX_FILE_SIZE")


def _blank_form(request):
    """The empty appeal form. Everything on it but the CSRF token and the double-submit token is
    the same for every visitor of an address: for a visitor without a session or a message
    waiting, the page is marked to be kept with the two tokens cut out, and the next visitors
    get a copy with tokens of their own before any middleware or view runs (core/token_pages.py).
    Only the bare form and a known topic's are kept: a made-up ?topic= is rendered each time,
    so nobody can fill the cache with copies."""
    slug = request.GET.get("topic", "")
    topic = Topic.objects.visible().filter(slug=slug).first() if slug else None
    form_token = new_form_token()
    form = AppealForm(initial={"topic": topic, "form_token": form_token})
    response = _render_new(request, form)
    if (
        not has_visitor_state(request)
        and set(request.GET) <= {"topic"}
        and bool(topic) == bool(slug)
    ):
        keep_with_tokens(request, response, one_time=form_token, depends_on=_BLANK_FORM_SETTINGS)
    return response


@body_limit(upload_body_limit, too_large=_new_too_large)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    if request.method != "POST":
        return _blank_form(request)
    # Counted before the form is checked: failing submissions (pictures that do not decode)
    # cost as much work as good ones and count the same.
    if limit_reached(request, scope="submit", limit=settings.TICKETS_SUBMIT_LIMIT):
        form = AppealForm(initial=_kept_text(AppealForm, request.POST))
        return _render_new(request, form, status=429, rate_limited=True)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.appeal_create(
                topic=data["topic"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                wallet=data["wallet"],
                subject=data["subject"],
                description=data["description"],
                files=data["files"],
                language=get_language(),
                idempotency_key=data["form_token"],
                consent_version=data["consent_version"],
                request=request,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except services.FileNotStored:
            logger.exception("Appeal not saved: an attachment could not be stored")
            form.add_error(None, _file_not_stored())
            return _render_new(request, form, status=503)
        else:
            # A second "send" of the same form finds the first appeal and shows it again.
            appeal = result.appeal
            return redirect("tickets:sent", appeal.reference, appeal.link_token)
    return _render_new(request, form)


@never_cache
@require_safe
def sent(request, reference, token):
    appeal = _appeal_or_404(reference, token)
    # The same address as in the confirmation e-mail: the site's public URL.
    link = appeal_link(appeal)
    context = {"appeal": appeal, "link": link, "is_overdue": appeal.is_overdue()}
    return private(render(request, "tickets/sent.html", context))


@body_limit(upload_body_limit)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request, reference, token):
    appeal = _appeal_or_404(reference, token)
    if appeal.merged_into_id is not None:
        # Same visitor (appeal_merge checks it): their link leads on to the merged appeal, and
        # a reply typed on the duplicate's page before the merge is added there, not lost.
        appeal = appeal.merged_into
        reference, token = appeal.reference, appeal.link_token
        if request.method != "POST":
            return redirect(appeal.get_absolute_url())
    status = 200
    if request.method == "POST" and appeal.accepts_replies:
        # Counted before the files are checked, like the appeal form.
        if limit_reached(request, scope="reply", limit=settings.TICKETS_REPLY_LIMIT):
            form = ReplyForm(initial=_kept_text(ReplyForm, request.POST))
            form.add_error(None, _("Too many messages from your address. Please try later."))
            status = 429
        else:
            form = ReplyForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    services.reply_from_visitor(
                        appeal=appeal,
                        body=form.cleaned_data["body"],
                        files=form.cleaned_data["files"],
                        idempotency_key=form.cleaned_data["form_token"],
                    )
                except ValidationError as exc:
                    _add_service_errors(form, exc)
                except services.FileNotStored:
                    logger.exception("Reply not saved: an attachment could not be stored")
                    form.add_error(None, _file_not_stored())
                    status = 503
                else:
                    messages.success(request, _("Your reply has been added to the appeal."))
                    return redirect("tickets:detail", reference, token)
    elif request.method == "POST":
        messages.error(request, _("This appeal is closed. If you still need help, send a new one."))
        return redirect("tickets:detail", reference, token)
    else:
        form = ReplyForm(initial={"form_token": new_form_token()})
    context = _detail_context(appeal, token, form=form)
    context["files_lost"] = request.method == "POST" and bool(request.FILES)
    return private(render(request, "tickets/detail.html", context, status=status))


def _detail_context(appeal: Appeal, token: str, *, form, rating_form=None) -> dict:
    return {
        "crumbs": [(_("Online appeal"), reverse("tickets:new")), (appeal.reference, "")],
        "appeal": appeal,
        "token": token,
        "replies": appeal.replies.prefetch_related("attachments"),
        "first_files": appeal.attachments.filter(reply=None),
        "form": form,
        "is_overdue": appeal.is_overdue(),
        **_rating_context(appeal, rating_form),
        **_file_limits(),
    }


def _rating_context(appeal: Appeal, form=None) -> dict:
    rating = SatisfactionRating.objects.filter(appeal=appeal).first()
    can_rate = ratings.can_rate(appeal)
    if form is None and can_rate and (rating is None or rating.is_changeable()):
        initial = {"score": rating.score, "comment": rating.comment} if rating else {}
        form = RatingForm(initial=initial)
    return {"rating": rating, "can_rate": can_rate, "rating_form": form}


@never_cache
@require_POST
@same_origin_post
def rate(request, reference, token):
    """Only this POST (CSRF token, same origin) records a rating: opening any link changes
    nothing, because mail scanners follow every link in an e-mail."""
    appeal = _appeal_or_404(reference, token)
    if appeal.merged_into_id is not None:
        return redirect(appeal.merged_into.get_absolute_url())
    # The same budget as replies: whoever holds the link could otherwise rewrite the rating
    # (and its history event) as fast as they can post.
    if limit_reached(request, scope="reply", limit=settings.TICKETS_REPLY_LIMIT):
        form = RatingForm(request.POST)  # shown again as posted; nothing is recorded
        form.is_valid()
        form.add_error(None, _("Too many messages from your address. Please try later."))
        reply_form = ReplyForm(initial={"form_token": new_form_token()})
        context = _detail_context(appeal, token, form=reply_form, rating_form=form)
        return private(render(request, "tickets/detail.html", context, status=429))
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            ratings.rating_record(
                appeal=appeal,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ratings.RatingLocked:
            messages.error(
                request,
                _("Your rating can no longer be changed: thank you, it is kept as it was."),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for your rating."))
        return redirect(appeal.get_absolute_url() + "#rating")
    # An incomplete form: shown again on the appeal's page, with what was typed.
    reply_form = ReplyForm(initial={"form_token": new_form_token()})
    context = _detail_context(appeal, token, form=reply_form, rating_form=form)
    return private(render(request, "tickets/detail.html", context, status=400))


@require_safe
def attachment(request, reference, token, pk):
    appeal = _appeal_or_404(reference, token)
    item = appeal.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404
    return attachment_response(item)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def find(request):
    status, done = 200, False
    if request.method == "POST":
        form = FindForm(request.POST)
        if limit_reached(request, scope="find", limit=settings.TICKETS_FIND_LIMIT):
            status = 429
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many attempts from your address. Please try again in an hour, "
                    "or call the support hotline."
                ),
            )
        elif form.is_valid():
            services.link_resend(
                reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
            )
            done = True
    else:
        form = FindForm()
    crumbs = [(_("Online appeal"), reverse("tickets:new")), (_("Link to an appeal"), "")]
    context = {"form": form, "done": done, "crumbs": crumbs}
    return render(request, "tickets/find.html", context, status=status)
