from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def new(request):
    return render(request, "tickets/new.html")
