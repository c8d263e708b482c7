from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def index(request):
    return render(request, "faq/index.html")


@require_GET
def search(request):
    return render(request, "faq/index.html")


@require_GET
def suggest(request):
    """JSON for the appeal form: published articles matching ?q=, as {"results": [...]}."""
    return JsonResponse({"results": []})
