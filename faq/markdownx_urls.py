"""/markdownx/: the admin editor's preview and upload endpoints, staff-only (faq.editor)."""

from django.urls import path

from faq import editor

urlpatterns = [
    path("upload/", editor.upload, name="markdownx_upload"),
    path("markdownify/", editor.markdownify, name="markdownx_markdownify"),
]
