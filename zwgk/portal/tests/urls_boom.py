"""Test URLconf: the project's URLs plus views that fail, to exercise the 500 handler."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("SELECT password FROM orgs_user /work/main/zwgk/secret.py")


def db_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("boom/", boom), path("db-down/", db_down), *project_urlpatterns]

handler404 = "zwgk.portal.views.page_not_found"
handler500 = "zwgk.portal.views.server_error"
