from django.urls import path

from lotsa.retention import views

app_name = "retention"
urlpatterns = [
    path("<int:participant_id>/", views.extract, name="extract"),
    path("<int:participant_id>/json/", views.extract_json, name="extract_json"),
]
