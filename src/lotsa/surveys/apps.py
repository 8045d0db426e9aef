from lotsa.core import apps


class SurveysConfig(apps.LotsaAppConfig):
    name = "lotsa.surveys"
    label = "surveys"
