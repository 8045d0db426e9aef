from lotsa.core import apps


class CollaborationConfig(apps.LotsaAppConfig):
    name = "lotsa.collaboration"
    label = "collaboration"
