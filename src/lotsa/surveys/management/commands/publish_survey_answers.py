"""`lotsa publish_survey_answers`: publish the survey answers that make a batch (run nightly).

An open survey's results change only when at least five new answers wait (decision 0016); a
closed survey publishes everything when it closes. Idempotent: a second run finds nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lotsa.surveys.services import publish_due_responses


class Command(BaseCommand):
    help = "Publicera enkätsvar i resultaten när minst fem nya svar har kommit in."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = publish_due_responses()
        self.stdout.write(f"Publicerade {counts['responses']} svar i {counts['surveys']} enkäter.")
