from django.urls import path

from faq import views

app_name = "faq"

# "search", "suggest" and "images" come before <category>: those words are reserved slugs
# (faq.models.RESERVED_CATEGORY_SLUGS).
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("images/<str:name>", views.image, name="image"),
    path("<slug:slug>/", views.category, name="category"),
    path("<slug:category_slug>/<slug:slug>/", views.article, name="article"),
    path("<slug:category_slug>/<slug:slug>/helpful/", views.vote, name="vote"),
    path("<slug:category_slug>/<slug:slug>/helpful/why/", views.vote_reason, name="vote_reason"),
]
