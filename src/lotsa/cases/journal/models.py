from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.cases.journal.constants import NoteKind, NoteStatus


class Note(models.Model):
    """A dated journal note. Once signed it never changes; corrections are linked amendments."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="notes",
        db_index=False,  # note_case_date in Meta starts with this column
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notes",
        verbose_name=_("skriven av"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=NoteKind.choices)
    occurred_on = models.DateField(_("datum"))
    text = models.TextField(_("anteckning"))
    status = models.CharField(
        _("status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("signerad"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("tillägg till"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The key of the page that writes this draft (autosave and the page's own submit both carry
    # it), so saving as one types and then pressing save change one draft, never make two.
    draft_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["case", "-occurred_on", "-id"]
        verbose_name = _("journalanteckning")
        verbose_name_plural = _("journalanteckningar")
        indexes = [models.Index(fields=["case", "-occurred_on"], name="note_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="signed") | models.Q(signed_at__isnull=False),
                name="signed_note_has_time",
            ),
            models.UniqueConstraint(
                fields=["case", "author", "draft_key"],
                condition=~models.Q(draft_key=""),
                name="note_draft_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            stored = Note.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == NoteStatus.SIGNED:
                raise ValidationError(_("En signerad anteckning kan inte ändras."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None
