from django.urls import path

from lotsa.cases.journal import views

app_name = "journal"
urlpatterns = [
    path("arende/<int:case_id>/ny/", views.note_create, name="note_create"),
    path("arende/<int:case_id>/autospara/", views.note_autosave, name="note_autosave"),
    path("<int:note_id>/andra/", views.note_edit, name="note_edit"),
    path("<int:note_id>/signera/", views.note_sign, name="note_sign"),
    path("<int:note_id>/ta-bort/", views.note_discard, name="note_discard"),
    path("<int:note_id>/rattelse/", views.note_amend, name="note_amend"),
]
