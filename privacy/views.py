from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.cache import public_page
from privacy.models import DocumentKind, PrivacyDocument


def _show(request, document):
    if document is None:
        raise Http404
    crumbs = [(document.title, "")]
    return render(request, "privacy/document.html", {"document": document, "crumbs": crumbs})


@public_page
@require_safe
def policy(request):
    return _show(request, PrivacyDocument.objects.current(DocumentKind.POLICY))


@public_page
@require_safe
def consent(request):
    return _show(request, PrivacyDocument.objects.current(DocumentKind.CONSENT))


@require_safe
def version(request, kind, version):
    """An earlier version, as the visitors of its time accepted it."""
    if kind not in DocumentKind.values:
        raise Http404(_("No such document"))
    return _show(request, get_object_or_404(PrivacyDocument, kind=kind, version=version))
