from lotsa.core import apps


class MessagingConfig(apps.LotsaAppConfig):
    name = "lotsa.messaging"
    label = "messaging"
