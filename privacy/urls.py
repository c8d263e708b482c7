from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.policy, name="policy"),
    path("consent/", views.consent, name="consent"),
    path("<str:kind>/v<int:version>/", views.version, name="version"),
]
