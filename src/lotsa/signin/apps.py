from lotsa.core import apps


class SigninConfig(apps.LotsaAppConfig):
    name = "lotsa.signin"
    label = "signin"
