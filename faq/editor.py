"""The admin editor's endpoints (django-markdownx's preview and image upload), staff-only.

markdownx's own views have no access check; these replace them at the same addresses
(/markdownx/markdownify/ and /markdownx/upload/, wired in helpcenter/urls.py).
"""

import uuid
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from core.limits import body_limit
from core.roles import staff_may
from faq.forms import ArticleImageForm
from faq.markdown import IMAGE_PATH_PREFIX, render_markdown

# A preview of more text than this is not an article someone is editing.
MAX_PREVIEW_LENGTH = 200_000


def article_editor_required(view):
    """Logged-in, active staff who may add or change articles; everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not staff_may(request.user, "faq.add_article", "faq.change_article"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@article_editor_required
def markdownify(request):
    content = request.POST.get("content", "")[:MAX_PREVIEW_LENGTH]
    return HttpResponse(render_markdown(content), content_type="text/html; charset=utf-8")


def _upload_body_limit() -> int:
    return settings.MARKDOWNX_UPLOAD_MAX_SIZE + settings.REQUEST_FORM_MARGIN


@body_limit(_upload_body_limit)
@require_POST
@article_editor_required
def upload(request):
    form = ArticleImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    data, extension = form.cleaned_data["processed"]
    name = f"{uuid.uuid4().hex}.{extension}"
    default_storage.save(settings.MARKDOWNX_MEDIA_PATH + name, ContentFile(data))
    return JsonResponse({"image_code": f"![]({IMAGE_PATH_PREFIX}{name})"})
