"""Public (citizen-facing, dynamic) pages of enforcement, mounted at /zfgs/ by config/urls.py
before the portal's catch-all paths; also the execution app's published summary tables."""

from django.urls import path

from zwgk.execution import public_views as execution_views

from . import public_views

app_name = "enforcement_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("results/", public_views.decision_list, name="decision_list"),
    path("results/<int:pk>/", public_views.decision_page, name="decision"),
    path("units/<slug:code>/", public_views.unit_page, name="unit"),
    path("units/<slug:code>/<slug:kind>/", public_views.info_history, name="info_history"),
    # 执行公开's published summary tables: config/urls.py mounts no public prefix for the
    # execution app, so they live here (docs/execution.md); names prefixed "execution_".
    path("zxgk/", execution_views.summaries, name="execution_summaries"),
    path("zxgk/<int:pk>/", execution_views.summary_page, name="execution_summary"),
]
