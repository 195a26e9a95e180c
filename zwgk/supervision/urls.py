"""Staff pages of supervision, mounted at /staff/supervision/ by config/urls.py."""

from django.urls import path

from . import bulletin_views, check_views, dashboard_views, views

app_name = "supervision"

urlpatterns = [
    path("", dashboard_views.district_dashboard, name="dashboard"),
    path("units/<int:pk>/", dashboard_views.unit_dashboard, name="unit_dashboard"),
    path("units/mine/", dashboard_views.my_dashboard, name="my_dashboard"),
    path("dashboard.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("annual/", views.annual_list, name="annual_list"),
    path("annual/start/", views.annual_start, name="annual_start"),
    path("annual/<int:pk>/", views.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/edit/", views.annual_edit, name="annual_edit"),
    path("annual/<int:pk>/redraft/", views.annual_redraft, name="annual_redraft"),
    path("annual/<int:pk>/submit/", views.annual_submit, name="annual_submit"),
    path("annual/<int:pk>/export/<str:fmt>/", views.annual_export, name="annual_export"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", bulletin_views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", bulletin_views.bulletin_edit, name="bulletin_edit"),
    path(
        "bulletins/<int:pk>/<str:action>/", bulletin_views.bulletin_action, name="bulletin_action"
    ),
    path("bulletins/items/<int:pk>/", bulletin_views.bulletin_item_edit, name="bulletin_item"),
    path(
        "bulletins/items/<int:pk>/respond/",
        bulletin_views.bulletin_respond,
        name="bulletin_respond",
    ),
    path("spot-checks/", check_views.spot_check_list, name="spot_check_list"),
    path("spot-checks/new/", check_views.spot_check_create, name="spot_check_create"),
    path("spot-checks/<int:pk>/", check_views.spot_check_detail, name="spot_check_detail"),
    path("spot-checks/items/<int:pk>/", check_views.spot_check_item, name="spot_check_item"),
    path("assessments/", check_views.assessment_list, name="assessment_list"),
    path("assessments/new/", check_views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", check_views.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<int:pk>/<str:action>/",
        check_views.assessment_action,
        name="assessment_action",
    ),
]
