"""Letters of a case, under /staff/requests/ (config/urls.py includes this next to the case
pages of zwgk.disclosure_requests.urls)."""

from django.urls import path

from . import views

app_name = "disclosure_letters"

urlpatterns = [
    path("<int:pk>/letters/", views.letter_list, name="list"),
    path("<int:pk>/letters/<slug:kind>/<str:source>/", views.letter_issue, name="issue"),
    path("letters/<int:letter_pk>/<slug:fmt>/", views.letter_download, name="download"),
]
