from django.urls import path

from lotsa.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
]
