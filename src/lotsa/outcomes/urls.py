from django.urls import path

from lotsa.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.outcome_list, name="list"),
    path("<int:follow_up_id>/", views.outcome_record, name="record"),
    path("installningar/", views.outcome_settings, name="settings"),
]
