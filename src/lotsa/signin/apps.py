from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "lotsa.signin"
    label = "signin"
