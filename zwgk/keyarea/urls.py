"""Staff pages of keyarea, mounted at /staff/keyarea/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "keyarea"

urlpatterns = [
    path("", views.completeness, name="completeness"),
    path("export.xlsx", views.export, name="export"),
    path("columns/", views.column_catalogue, name="columns"),
    path("anchors/", views.anchors, name="anchors"),
]
