"""Staff pages of the dictionaries, mounted by config/urls.py at "staff/contentcheck/"."""

from django.urls import path

from . import views

app_name = "contentcheck"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.entry_list, name="list"),
    path("<slug:kind>/add/", views.entry_add, name="add"),
    path("<slug:kind>/import/", views.entry_import, name="import"),
    path("<slug:kind>/export.csv", views.entry_export, name="export"),
    path("<slug:kind>/<int:pk>/", views.entry_edit, name="edit"),
    path("<slug:kind>/<int:pk>/active/", views.entry_set_active, name="set_active"),
]
