from lotsa.core import apps


class JournalConfig(apps.LotsaAppConfig):
    name = "lotsa.cases.journal"
    label = "journal"
