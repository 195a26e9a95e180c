"""Public URLs. Every path ends in "/" or names a file (.html, .xml, .csv, .xlsx) so that it maps
onto a published file: "/xxgk/<unit>/<column>/" is served by nginx from
"xxgk/<unit>/<column>/index.html", "/xxgk/<unit>/content/<pk>.html" from that very name.

The read-only JSON API (api.py) is mounted at /api/v1/ by config/urls.py (outside this
namespace: django-ninja reverses its own URL names) and always answered by the application.
"""

from django.urls import path, register_converter

from . import views


class CatalogueKindConverter:
    regex = "unit|topic|year"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DownloadFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CatalogueKindConverter, "cataloguekind")
register_converter(DownloadFormatConverter, "downloadformat")

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("files/<str:name>", views.attachment, name="attachment"),
    path("zfxxgkml/", views.catalogue, name="catalogue"),
    path("zfxxgkml/<cataloguekind:kind>/<slug:key>/", views.catalogue_list, name="catalogue_list"),
    path(
        "zfxxgkml/<cataloguekind:kind>/<slug:key>/page-<int:number>.html",
        views.catalogue_archive,
        name="catalogue_archive",
    ),
    path(
        "zfxxgkml/<cataloguekind:kind>/<slug:key>/zfxxgkml.<downloadformat:fmt>",
        views.catalogue_download,
        name="catalogue_download",
    ),
    path("xxgk/", views.section, name="section"),
    path("xxgk/<slug:code>/", views.unit_index, name="unit_index"),
    path("xxgk/<slug:code>/content/<int:pk>.html", views.document, name="document"),
    path("xxgk/<slug:code>/<slug:slug>/", views.unit_column, name="unit_column"),
    path(
        "xxgk/<slug:code>/<slug:slug>/page-<int:number>.html",
        views.column_archive,
        name="column_archive",
    ),
    path("xxgk/<slug:code>/<slug:slug>/feed.xml", views.column_feed, name="column_feed"),
    path(
        "xxgk/<slug:code>/<slug:parent_slug>/<slug:slug>/",
        views.unit_subcolumn,
        name="unit_subcolumn",
    ),
    path(
        "xxgk/<slug:code>/<slug:parent_slug>/<slug:slug>/page-<int:number>.html",
        views.column_archive,
        name="subcolumn_archive",
    ),
    path(
        "xxgk/<slug:code>/<slug:parent_slug>/<slug:slug>/feed.xml",
        views.column_feed,
        name="subcolumn_feed",
    ),
]
