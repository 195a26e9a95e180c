"""URLconf for the error-page test: the project's URLs plus views that fail in telling ways."""

from django.db import connection
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

SECRET_DETAIL = "SELECT secret FROM core_auditevent WHERE path='/work/main/config/settings/base.py'"


def raise_plain(request):
    raise RuntimeError(SECRET_DETAIL)


def raise_sql(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM no_such_table_zwgk")  # OperationalError


def raise_key(request):
    return {}["SECRET_KEY"]


urlpatterns = [
    path("boom/plain/", raise_plain),
    path("boom/sql/", raise_sql),
    path("boom/key/", raise_key),
    *project_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
