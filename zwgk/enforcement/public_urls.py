"""Public (citizen-facing, dynamic) pages of enforcement, mounted at /zfgs/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path

from . import public_views

app_name = "enforcement_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("results/", public_views.decision_list, name="decision_list"),
    path("results/<int:pk>/", public_views.decision_page, name="decision"),
    path("units/<slug:code>/", public_views.unit_page, name="unit"),
    path("units/<slug:code>/<slug:kind>/", public_views.info_history, name="info_history"),
]
