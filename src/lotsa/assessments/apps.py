from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "lotsa.assessments"
    label = "assessments"
