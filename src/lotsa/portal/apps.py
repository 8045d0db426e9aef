from lotsa.core import apps


class PortalConfig(apps.LotsaAppConfig):
    name = "lotsa.portal"
    label = "portal"
