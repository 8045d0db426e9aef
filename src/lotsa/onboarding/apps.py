from lotsa.core import apps


class OnboardingConfig(apps.LotsaAppConfig):
    name = "lotsa.onboarding"
    label = "onboarding"
