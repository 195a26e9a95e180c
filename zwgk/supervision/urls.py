"""Staff pages of supervision, mounted at /staff/supervision/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("annual/", views.annual_list, name="annual_list"),
    path("annual/start/", views.annual_start, name="annual_start"),
    path("annual/<int:pk>/", views.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/edit/", views.annual_edit, name="annual_edit"),
    path("annual/<int:pk>/redraft/", views.annual_redraft, name="annual_redraft"),
    path("annual/<int:pk>/submit/", views.annual_submit, name="annual_submit"),
    path("annual/<int:pk>/export/<str:fmt>/", views.annual_export, name="annual_export"),
]
