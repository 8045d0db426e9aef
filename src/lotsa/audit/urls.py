from django.urls import path

from lotsa.audit import views

app_name = "audit"
urlpatterns = [
    path("granskning/", views.review, name="review"),
    path("anvandare/<int:user_id>/", views.user_log, name="user_log"),
    path("deltagare/<int:participant_id>/", views.participant_log, name="participant_log"),
]
