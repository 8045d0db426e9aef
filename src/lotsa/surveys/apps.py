from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "lotsa.surveys"
    label = "surveys"
