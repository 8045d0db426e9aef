"""Onboarding from the command line, the same services as the pages, audited under `--as`.

lotsa onboard instance-admin drift --email drift@example.org --password-stdin < secret
lotsa onboard organisation "Samordningsförbundet Mitt" --kind coordination_association --as drift
lotsa onboard member "Samordningsförbundet Mitt" Karlstad 1780 --as drift
lotsa onboard partner "Samordningsförbundet Mitt" region --name "Region Värmland" --as drift
lotsa onboard guideline "Danderyds kommun" danderyd_arbetscoach --publish-on 2026-01-01 --as drift
lotsa onboard guideline "Samordningsförbundet Mitt" --empty "Riktlinje för förbundet" --as drift
lotsa onboard unit "Samordningsförbundet Mitt" "Jobbtorget" --runs-support --as drift
lotsa onboard staff "Samordningsförbundet Mitt" personal.csv --as drift
lotsa onboard guidelines   # the shipped library
"""

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lotsa.guidelines.library import shipped_guidelines
from lotsa.onboarding import services
from lotsa.organisations import policy
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.models import Organisation, User
from lotsa.organisations.services import (
    instance_administrator_create,
    member_municipality_add,
    organisation_onboard,
)


def _errors(invalid: ValidationError) -> str:
    if hasattr(invalid, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in invalid.message_dict.items()
        )
    return "; ".join(invalid.messages)


class Command(BaseCommand):
    help = "Skapar och gör i ordning organisationer utan Djangos admin."

    def add_arguments(self, parser: CommandParser) -> None:
        steps = parser.add_subparsers(dest="step", required=True)

        admin = steps.add_parser("instance-admin", help="Skapa en instansadministratör.")
        admin.add_argument("username")
        admin.add_argument("--email", default="")
        admin.add_argument("--first-name", default="")
        admin.add_argument("--last-name", default="")
        admin.add_argument(
            "--password-stdin",
            action="store_true",
            help="Läs lösenordet från standard in; annars får kontot inget användbart lösenord.",
        )

        steps.add_parser("guidelines", help="Lista riktlinjerna i biblioteket.")

        def with_actor(name: str, help_text: str) -> CommandParser:
            step: CommandParser = steps.add_parser(name, help=help_text)
            step.add_argument(
                "--as", dest="actor", required=True, help="Instansadministratörens användarnamn."
            )
            return step

        organisation = with_actor("organisation", "Skapa en kommun eller ett samordningsförbund.")
        organisation.add_argument("name")
        organisation.add_argument(
            "--kind", choices=OrganisationKind.values, default=OrganisationKind.MUNICIPALITY
        )
        organisation.add_argument("--code", default="", help="Kommunkod (fyra siffror).")

        member = with_actor("member", "Lägg till en medlemskommun i ett samordningsförbund.")
        member.add_argument("organisation")
        member.add_argument("name")
        member.add_argument("code")

        partner = with_actor("partner", "Lägg till en samverkande myndighet.")
        partner.add_argument("organisation")
        partner.add_argument("kind", choices=[kind.value for kind in services.PARTNER_AUTHORITIES])
        partner.add_argument("--name", default="")

        guideline = with_actor("guideline", "Installera en riktlinje eller börja en tom.")
        guideline.add_argument("organisation")
        guideline.add_argument("key", nargs="?", default="", help="Se `lotsa onboard guidelines`.")
        guideline.add_argument("--empty", default="", help="Namn på en ny, tom riktlinje.")
        guideline.add_argument("--publish-on", type=date.fromisoformat, default=None)

        unit = with_actor("unit", "Skapa en enhet.")
        unit.add_argument("organisation")
        unit.add_argument("name")
        unit.add_argument("--runs-support", action="store_true")

        staff = with_actor("staff", "Importera personal från en CSV-fil (allt eller inget).")
        staff.add_argument("organisation")
        staff.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        step = options["step"]
        try:
            if step == "instance-admin":
                password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
                user = instance_administrator_create(
                    username=options["username"],
                    password=password,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                )
                self._done(f"Instansadministratören {user.username} är skapad.")
                return
            if step == "guidelines":
                for item in shipped_guidelines():
                    self.stdout.write(f"{item.key}\t{item.label}")
                return
            actor = self._actor(options["actor"])
            if step == "organisation":
                created = organisation_onboard(
                    actor=actor,
                    name=options["name"],
                    kind=options["kind"],
                    municipality_code=options["code"],
                )
                self._done(f"{created} är skapad ({created.get_kind_display()}).")
                return
            organisation = self._organisation(options["organisation"])
            self._step(step, actor, organisation, options)
        except services.StaffImportRejectedError as rejected:
            raise CommandError(
                "Ingen personal importerades:\n" + "\n".join(rejected.messages)
            ) from rejected
        except ValidationError as invalid:
            raise CommandError(_errors(invalid)) from invalid

    def _step(
        self, step: str, actor: User, organisation: Organisation, options: dict[str, Any]
    ) -> None:
        if step == "member":
            member = member_municipality_add(
                actor=actor,
                organisation=organisation,
                name=options["name"],
                municipality_code=options["code"],
            )
            self._done(f"{member} ({member.municipality_code}) är medlem i {organisation}.")
        elif step == "partner":
            partner = services.onboarding_partner_authority_add(
                actor=actor, organisation=organisation, kind=options["kind"], name=options["name"]
            )
            self._done(f"{partner} finns i partnerregistret för {organisation}.")
        elif step == "guideline":
            if options["empty"]:
                guideline = services.onboarding_guideline_start(
                    actor=actor, organisation=organisation, name=options["empty"]
                )
                self._done(f"Den tomma riktlinjen {guideline} är skapad.")
                return
            if not options["key"]:
                raise CommandError("Ange en riktlinje ur biblioteket eller --empty NAMN.")
            publish_on = options["publish_on"] or timezone.localdate()
            version = services.onboarding_guideline_install(
                actor=actor, organisation=organisation, key=options["key"], publish_on=publish_on
            )
            self._done(f"Installerade {version} för {organisation}, gäller från {publish_on}.")
        elif step == "unit":
            unit = services.onboarding_unit_create(
                actor=actor,
                organisation=organisation,
                name=options["name"],
                runs_support=options["runs_support"],
            )
            self._done(f"Enheten {unit} är skapad i {organisation}.")
        elif step == "staff":
            path: Path = options["file"]
            try:
                data = path.read_bytes()
            except OSError as unreadable:
                raise CommandError(f"Kan inte läsa {path}: {unreadable}") from unreadable
            created = services.staff_import(actor=actor, organisation=organisation, data=data)
            self._done(
                f"{len(created)} konton skapade i {organisation}, utan lösenord: "
                "var och en har fått en inbjudan med e-post och sätter sitt eget."
            )

    def _done(self, message: str) -> None:
        self.stdout.write(self.style.SUCCESS(message))

    @staticmethod
    def _actor(username: str) -> User:
        actor = User.objects.filter(username=username).first()
        if actor is None or not policy.can_onboard(actor):
            raise CommandError(f"{username!r} är ingen instansadministratör.")
        return actor

    @staticmethod
    def _organisation(name: str) -> Organisation:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            raise CommandError(f"Det finns ingen organisation som heter {name!r}.")
        return organisation
