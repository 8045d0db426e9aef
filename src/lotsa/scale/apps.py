from lotsa.core import apps


class ScaleConfig(apps.LotsaAppConfig):
    name = "lotsa.scale"
    label = "scale"
    verbose_name = "Syntetiska data i stor skala"
