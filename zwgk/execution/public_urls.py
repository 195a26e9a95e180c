"""Public pages of 执行公开: the published summary tables, mounted at /zxgk/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path

from . import public_views

app_name = "execution_public"

urlpatterns = [
    path("", public_views.summaries, name="summaries"),
    path("<int:pk>/", public_views.summary_page, name="summary"),
]
