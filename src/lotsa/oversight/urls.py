from django.urls import path

from lotsa.oversight import views

app_name = "oversight"
urlpatterns = [
    path("granskning/", views.review, name="review"),
    path("anvandare/<int:user_id>/", views.user_log, name="user_log"),
    path("deltagare/<int:participant_id>/", views.participant_log, name="participant_log"),
]
