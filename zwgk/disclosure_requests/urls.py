from django.urls import path

from . import views

app_name = "disclosure_requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("appeals/", views.appeal_list, name="appeals"),
    path("appeals/<int:appeal_pk>/", views.appeal_edit, name="appeal_edit"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/explain/", views.request_explain, name="explain"),
    path("<int:pk>/do/<slug:name>/", views.request_action, name="action"),
    path(
        "<int:pk>/consultations/<int:consultation_pk>/answer/",
        views.consultation_answer,
        name="consultation_answer",
    ),
    path(
        "<int:pk>/assistance/<int:assistance_pk>/answer/",
        views.assistance_answer,
        name="assistance_answer",
    ),
    path("<int:pk>/reveal/<slug:field>/", views.reveal, name="reveal"),
    path("<int:pk>/appeals/new/", views.appeal_create, name="appeal_create"),
]
