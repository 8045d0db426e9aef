from lotsa.core import apps


class JobsConfig(apps.LotsaAppConfig):
    name = "lotsa.jobs"
    label = "jobs"
    verbose_name = "Bakgrundsarbete"
