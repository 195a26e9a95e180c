"""Staff pages of enforcement, mounted at /staff/enforcement/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/import/", views.decision_import, name="decision_import"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("decisions/<int:pk>/withdraw/", views.decision_withdraw, name="decision_withdraw"),
    path("units/<int:unit_pk>/info/", views.info, name="info"),
    path("units/<int:unit_pk>/info/<slug:kind>/", views.info_edit, name="info_edit"),
]
