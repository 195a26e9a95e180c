"""Staff pages of execution, mounted at /staff/execution/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "execution"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("reports/<int:pk>/", views.report_edit, name="report_edit"),
    path("summary/", views.summary_view, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
    path("summary/publish/", views.summary_publish, name="summary_publish"),
    path("summary/<int:pk>/withdraw/", views.summary_withdraw, name="summary_withdraw"),
]
