from django.urls import path

from . import otp, views

app_name = "workspace"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/verify/", otp.otp_verify, name="otp_verify"),
    path("login/enrol/", otp.otp_enrol, name="otp_enrol"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/contact/", views.unit_contact_edit, name="unit_contact_edit"),
]
