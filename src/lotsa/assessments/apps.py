from lotsa.core import apps


class AssessmentsConfig(apps.LotsaAppConfig):
    name = "lotsa.assessments"
    label = "assessments"
