"""Staff pages of participation, mounted at /staff/participation/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.consultation_action, name="action"),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("<int:pk>/comments/new/", views.comment_add, name="comment_add"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/hearings/new/", views.hearing_add, name="hearing_add"),
    path("comments/<int:pk>/", views.comment_detail, name="comment"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("comments/<int:pk>/escalate/", views.comment_escalate, name="comment_escalate"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/dissolve/", views.group_dissolve, name="group_dissolve"),
    path("hearings/<int:pk>/", views.hearing_detail, name="hearing"),
    path("hearings/<int:pk>/notice/", views.hearing_notice, name="hearing_notice"),
    path("hearings/<int:pk>/record/", views.hearing_record, name="hearing_record"),
    path("hearings/<int:pk>/record/file/", views.hearing_record_download, name="hearing_file"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/do/<slug:name>/", views.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("meetings/<int:pk>/files/", views.meeting_file_add, name="meeting_file_add"),
    path("meetings/files/<int:pk>/", views.meeting_file_download, name="meeting_file"),
]
