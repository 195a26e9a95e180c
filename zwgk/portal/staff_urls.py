"""Staff pages of the portal, mounted at /staff/site/ (config/urls.py)."""

from django.urls import path

from . import staff_views

app_name = "portal_staff"

urlpatterns = [path("", staff_views.site_profile_edit, name="site_profile")]
