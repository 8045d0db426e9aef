from django.urls import path

from lotsa.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
    path("health/live", views.health_live, name="health_live"),
    path("health/ready", views.health_ready, name="health_ready"),
    path("metrics/", views.metrics, name="metrics"),
]
