from django.urls import path

from . import normative_views, views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/submit/", views.document_submit, name="submit"),
    path("<int:pk>/approve/", views.document_approve, name="approve"),
    path("<int:pk>/return/", views.document_return, name="return"),
    path("<int:pk>/publish/", views.document_publish, name="publish"),
    path("<int:pk>/schedule/", views.document_schedule, name="schedule"),
    path("<int:pk>/withdraw/", views.document_withdraw, name="withdraw"),
    path("<int:pk>/override/", views.document_override, name="override"),
    path("<int:pk>/normative/", normative_views.normative_update, name="normative"),
    path("cleanup/", normative_views.cleanup_list, name="cleanup_list"),
    path("cleanup/<int:pk>/", normative_views.cleanup_detail, name="cleanup_detail"),
]
