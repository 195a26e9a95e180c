"""Staff pages of mailbox, mounted at /staff/mailbox/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "mailbox"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("unanswered/", views.unanswered, name="unanswered"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export/", views.statistics_export, name="statistics_export"),
    path("mailboxes/", views.mailbox_list, name="mailboxes"),
    path("mailboxes/new/", views.mailbox_edit, name="mailbox_create"),
    path("mailboxes/<int:pk>/", views.mailbox_edit, name="mailbox_edit"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_create, name="message_create"),
    path("messages/import/", views.message_import, name="message_import"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/escalate/", views.message_escalate, name="message_escalate"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.letter_action, name="action"),
    path("<int:pk>/reveal/<slug:field>/", views.reveal, name="reveal"),
]
