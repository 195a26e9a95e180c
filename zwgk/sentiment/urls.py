"""Staff pages of sentiment, mounted at /staff/sentiment/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "sentiment"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/document/<int:document_pk>/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.case_action, name="action"),
    path("<int:pk>/opinions/<int:opinion_pk>/", views.opinion_answer, name="opinion"),
]
