from django.urls import path

from lotsa.messaging import views

app_name = "messaging"
urlpatterns = [
    path("samverkan/", views.partner_threads, name="partner_threads"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("arende/<int:case_id>/ny/", views.thread_start, name="thread_start"),
]
