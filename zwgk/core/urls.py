"""Staff pages of core, mounted by config/urls.py at "staff/core/"."""

from django.urls import include, path

from . import audit_views

app_name = "core"

urlpatterns = [
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("audit/<int:seq>/", audit_views.audit_detail, name="audit_detail"),
    path("calendar/", include("zwgk.core.calendar_urls")),
]
