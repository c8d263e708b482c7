from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.status, name="status"),
    path("feed/", views.status_feed, name="feed"),
]
