"""The citizen's pages of 依申请公开, mounted at /ysqgk/ by config/urls.py (before the portal's
catch-all paths). Dynamic pages: nginx passes /ysqgk/ to the application (deploy/)."""

from django.urls import path

from . import public_views

app_name = "disclosure_requests_public"

urlpatterns = [
    path("", public_views.apply, name="apply"),
    path("done/", public_views.done, name="done"),
    path("lookup/", public_views.lookup, name="lookup"),
    path("status/", public_views.status, name="status"),
    path("status/correction/", public_views.correction, name="correction"),
    path("status/files/<int:file_pk>/", public_views.letter, name="letter"),
]
