"""Public URLs. Every path ends in "/" (or is a .html file) so that it maps onto a published
file: "/xxgk/<unit>/<column>/" is served by nginx from "xxgk/<unit>/<column>/index.html"."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.section, name="section"),
    path("xxgk/<slug:code>/", views.unit_index, name="unit_index"),
    path("xxgk/<slug:code>/<slug:slug>/", views.unit_column, name="unit_column"),
    path(
        "xxgk/<slug:code>/<slug:parent_slug>/<slug:slug>/",
        views.unit_subcolumn,
        name="unit_subcolumn",
    ),
]
