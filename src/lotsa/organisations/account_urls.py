"""The person's own account: changing one's password, and the invitation link to set it."""

from django.urls import path

from lotsa.organisations import views

app_name = "account"
urlpatterns = [
    path("losenord/", views.password_change, name="password_change"),
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation"),
]
