"""Staff pages of newmedia, mounted at /staff/newmedia/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "newmedia"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("exceptions/", views.exception_create, name="exceptions"),
    path("findings/", views.finding_list, name="findings"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/change/", views.account_change, name="change"),
    path("<int:pk>/close/", views.account_close, name="close"),
    path("<int:pk>/cancel/", views.account_cancel, name="cancel"),
    path("<int:pk>/maintainer/", views.account_maintainer, name="maintainer"),
    path("filings/<int:pk>/review/", views.filing_review, name="review"),
]

urlpatterns += [
    path("<int:pk>/sources/", views.source_add, name="source_add"),
    path("<int:pk>/upload/", views.upload_posts, name="upload"),
    path("sources/<int:pk>/run/", views.source_run, name="source_run"),
    path("export/filing-form.xlsx", views.export_filing_form, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export/filing-form.docx", views.export_filing_form, {"fmt": "docx"}, name="export_docx"),
]
