from django.urls import include, path

urlpatterns = [
    path("staff/", include("zwgk.workspace.urls")),
    path("", include("zwgk.portal.urls")),
]

handler404 = "zwgk.portal.views.page_not_found"
handler500 = "zwgk.portal.views.server_error"
