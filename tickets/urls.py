from django.urls import path, register_converter

from tickets import views
from tickets.references import REFERENCE_PATTERN


class ReferenceConverter:
    regex = REFERENCE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TokenConverter:
    # Any token-like string reaches the view, which answers 404 for every wrong one alike.
    regex = r"[A-Za-z0-9_-]{1,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "appeal_ref")
register_converter(TokenConverter, "link_token")

app_name = "tickets"

urlpatterns = [
    path("", views.new, name="new"),
    path("find/", views.find, name="find"),
    path("<appeal_ref:reference>/<link_token:token>/", views.detail, name="detail"),
    path("<appeal_ref:reference>/<link_token:token>/sent/", views.sent, name="sent"),
    path("<appeal_ref:reference>/<link_token:token>/rate/", views.rate, name="rate"),
    path(
        "<appeal_ref:reference>/<link_token:token>/files/<int:pk>/",
        views.attachment,
        name="attachment",
    ),
]
