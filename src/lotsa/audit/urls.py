from django.urls import path

from lotsa.audit import views

app_name = "audit"
urlpatterns = [
    path("deltagare/<int:participant_id>/", views.participant_log, name="participant_log"),
]
