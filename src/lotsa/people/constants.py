from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat / vill inte ange")


AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("16–24", 16, 24),
    ("25–29", 25, 29),
    ("30–54", 30, 54),
    ("55–64", 55, 64),
    ("65+", 65, None),
)
