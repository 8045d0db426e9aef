from django.urls import path

from lotsa.signin import views

app_name = "signin"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("koppla-app/", views.enrol, name="enrol"),
    path("aterstallningskoder/", views.recovery_codes, name="recovery_codes"),
    path("verifiera/", views.verify, name="verify"),
    path("verifiera/igen/", views.reverify, name="reverify"),
    path("verifiera/aterstallningskod/", views.verify_recovery, name="verify_recovery"),
    path("anvandare/<int:user_id>/", views.reset_user, name="reset_user"),
]
