from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def index(request):
    return render(request, "faq/index.html")


@require_GET
def search(request):
    return render(request, "faq/index.html")
