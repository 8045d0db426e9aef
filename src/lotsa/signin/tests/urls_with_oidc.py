"""The project's URLs with single sign-on switched on, as settings.py does when it is configured."""

from django.urls import include, path

from lotsa.config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
