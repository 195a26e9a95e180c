"""Staff pages of policies, mounted at /staff/policies/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("statistics/", views.statistics, name="statistics"),
    path("categories/", views.categories, name="categories"),
    path("categories/<int:pk>/toggle/", views.category_toggle, name="category_toggle"),
]
