from django.urls import path

from lotsa.people import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create, name="create"),
    path("valj/", views.participant_picker, name="picker"),
    path("valj/ny/", views.participant_inline_create, name="inline_create"),
    path("<int:participant_id>/", views.participant_detail, name="detail"),
    path("<int:participant_id>/andra/", views.participant_edit, name="edit"),
]
