"""Staff pages of monitoring, mounted at /staff/monitoring/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("sites/new/", views.site_register, name="site_register"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/check/", views.site_check, name="site_check"),
    path("runs/<int:pk>/stop/", views.run_stop, name="run_stop"),
    path("runs/<int:pk>/resume/", views.run_resume, name="run_resume"),
    path("columns/<int:pk>/confirm/", views.column_confirm, name="column_confirm"),
    path("pages/<int:pk>/", views.page_diff, name="page_diff"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path(
        "rectifications/<int:pk>/answer/", views.rectification_answer, name="rectification_answer"
    ),
    path("rectifications/<int:pk>/close/", views.rectification_close, name="rectification_close"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<str:code>/", views.indicator_edit, name="indicator_edit"),
]
