"""`lotsa cull`: cull (gallra) the cases whose time is out; `--dry-run` only lists them."""

import datetime
from argparse import ArgumentTypeError
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.retention import services
from lotsa.retention.constants import CullingReason
from lotsa.retention.culling import (
    CaseReview,
    CullingDecision,
    PersonReview,
    culling_plan,
    culling_years,
)


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise ArgumentTypeError(_("Ange datumet som ÅÅÅÅ-MM-DD.")) from error


class Command(BaseCommand):
    help = (
        "Gallrar ärenden där gallringsfristen har gått ut, med allt som hör till dem. "
        "Loggposterna sparas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa vad som skulle gallras, ta inte bort något.",
        )
        parser.add_argument("--today", type=iso_date, help="Räkna som om det vore detta datum.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        years = culling_years()
        if options["dry_run"]:
            self._dry_run(today, years, verbose=options["verbosity"] >= 2)
            return
        try:
            result = services.culling_run(today=today, years=years)
        except services.CullingInterruptedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Gallringen %(today)s är klar. Borttagna ärenden: %(cases)s. Borttagna "
                "deltagare: %(participants)s. Av dem hade %(without)s inget ärende. Sparade "
                "anonyma sammanfattningar: %(summaries)s."
            )
            % {
                "today": today.isoformat(),
                "cases": result.cases,
                "participants": result.participants,
                "without": result.people_without_case,
                "summaries": result.summaries,
            }
        )
        for label, count in result.rows.items():
            self.stdout.write(f"  {label}: {count}")

    def _dry_run(self, today: datetime.date, years: int, *, verbose: bool) -> None:
        plan = culling_plan(today=today, years=years)
        self.stdout.write(
            _(
                "Provkörning %(today)s, gallring %(years)s år efter senaste anteckningen. "
                "Ingenting tas bort."
            )
            % {"today": today.isoformat(), "years": years}
        )
        shown = plan.reviews if verbose else plan.due
        if shown:
            self.stdout.write(
                f"{_('Ärende'):>8}  {_('Deltagare'):>9}  {_('Senaste anteckning'):<18}  {_('Skäl')}"
            )
            for review in shown:
                self.stdout.write(self._line(review))
        self.stdout.write(
            _("%(due)s av %(closed)s avslutade ärenden skulle gallras.")
            % {"due": len(plan.due), "closed": len(plan.reviews)}
        )
        for person in plan.people if verbose else plan.due_people:
            self.stdout.write(self._person_line(person))
        self.stdout.write(
            _("%(due)s av %(people)s deltagare utan ärende skulle gallras.")
            % {"due": len(plan.due_people), "people": len(plan.people)}
        )
        kept = Counter(plan.kept_reasons)
        for reason, count in sorted(kept.items()):
            self.stdout.write(f"  {_('Sparas')}: {count} – {CullingReason(reason).label}")

    @staticmethod
    def _person_line(review: PersonReview) -> str:
        return (
            f"{'–':>8}  {review.participant_id:>9}  "
            f"{review.decision.last_entry.isoformat():<18}  {Command._reason(review.decision)}"
        )

    @staticmethod
    def _reason(decision: CullingDecision) -> str:
        reason = str(CullingReason(decision.reason).label)
        if decision.is_due and decision.deadline:
            reason += _("; ska vara gallrat senast %(deadline)s") % {
                "deadline": decision.deadline.isoformat()
            }
        elif decision.due_on:
            reason += _("; tidigast %(due_on)s") % {"due_on": decision.due_on.isoformat()}
        return reason

    @staticmethod
    def _line(review: CaseReview) -> str:
        decision = review.decision
        reason = Command._reason(decision)
        return (
            f"{review.case_id:>8}  {review.participant_id:>9}  "
            f"{decision.last_entry.isoformat():<18}  {reason}"
        )
