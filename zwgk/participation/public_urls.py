"""Public (citizen-facing, dynamic) pages of participation, mounted at /hdjl/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path

from . import public_views

app_name = "participation_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("zj/<int:pk>/", public_views.consultation, name="consultation"),
    path("zj/<int:pk>/done/", public_views.comment_done, name="comment_done"),
    path("zj/<int:pk>/results/", public_views.consultation_results, name="results"),
    path("zj/<int:pk>/files/<int:file_pk>/", public_views.consultation_file, name="file"),
    path("hy/<int:pk>/", public_views.meeting, name="meeting"),
    path("hy/<int:pk>/done/", public_views.meeting_done, name="meeting_done"),
    path("hy/<int:pk>/files/<int:file_pk>/", public_views.meeting_file, name="meeting_file"),
]
