"""Synthetic import files of any size (birth numbers 980–999, so no real person's number)."""

import csv
import datetime
from pathlib import Path

from lotsa.imports.constants import CASE_COLUMNS, PARTICIPANT_COLUMNS
from lotsa.people.personnummer import make_personnummer


def personal_numbers(count: int) -> list[str]:
    """`count` different valid numbers, written in the 12-digit form with a dash."""
    first = datetime.date(1960, 1, 1)
    return [
        make_personnummer(first + datetime.timedelta(days=n // 20), 980 + n % 20).formatted
        for n in range(count)
    ]


def participant_rows(count: int, *, unit: str) -> list[dict[str, str]]:
    return [
        {
            "personnummer": number,
            "förnamn": f"Förnamn{n}",
            "efternamn": f"Efternamn{n}",
            "ansvarig_enhet": unit,
            "e-post": f"person{n}@example.invalid",
            "telefon": "070-000 00 00",
            "adress": f"Provgatan {n}",
            "postnummer": "123 45",
            "ort": "Solvik",
            "stadsdel": "",
            "tolk": "ja" if n % 7 == 0 else "nej",
            "språk": "arabiska" if n % 7 == 0 else "",
            "skyddad_identitet": "ja" if n % 50 == 0 else "nej",
        }
        for n, number in enumerate(personal_numbers(count))
    ]


def case_rows(count: int, *, unit: str, coach: str) -> list[dict[str, str]]:
    rows = []
    for n, number in enumerate(personal_numbers(count)):
        closed = n % 3 == 0
        rows.append(
            {
                "personnummer": number,
                "enhet": unit,
                "arbetscoach": coach,
                "startdatum": "2024-02-05",
                "status": "avslutat" if closed else "aktivt",
                "avslutsdatum": "2024-12-20" if closed else "",
                "avslutsorsak": "Studier" if closed else "",
                "mål": "Arbete inom handeln",
                "målsort": "arbete",
                "aktiviteter": (
                    "Praktik;2024-03-01;2024-06-01;deltagaren|Jobbsökarstöd;2024-02-05;;"
                ),
                "anteckning": "Överförd från kalkylbladet." if n % 2 == 0 else "",
            }
        )
    return rows


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    columns: tuple[str, ...],
    delimiter: str = ";",
    bom: bool = False,
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_participants(path: Path, count: int, *, unit: str, **options: object) -> Path:
    return write_csv(
        path, participant_rows(count, unit=unit), columns=PARTICIPANT_COLUMNS, **options
    )  # type: ignore[arg-type]


def write_cases(path: Path, count: int, *, unit: str, coach: str, **options: object) -> Path:
    return write_csv(
        path, case_rows(count, unit=unit, coach=coach), columns=CASE_COLUMNS, **options
    )  # type: ignore[arg-type]


ORGANISATION = "Provkommun"
REFERRING_UNIT = "Försörjningsstöd"
SUPPORT_UNIT = "Arbetsmarknadsenheten"
COACH = "coach1"
ADMINISTRATOR = "admin1"


def build_world() -> None:
    """An organisation with a referring and a supporting unit, a coach, an administrator and
    the shipped activity catalogue: what the synthetic files import into."""
    import json

    from lotsa.cases import services as case_services
    from lotsa.organisations.constants import Role
    from lotsa.organisations.models import Organisation, Unit, User

    organisation = Organisation.objects.create(name=ORGANISATION)
    Unit.objects.create(organisation=organisation, name=REFERRING_UNIT)
    support = Unit.objects.create(organisation=organisation, name=SUPPORT_UNIT, runs_support=True)
    User.objects.create(username=COACH, organisation=organisation, unit=support, role=Role.COACH)
    User.objects.create(username=ADMINISTRATOR, organisation=organisation, role=Role.ADMINISTRATOR)
    catalogue = case_services.ACTIVITY_CATALOGUE
    case_services.activity_catalogue_install(
        organisation=organisation, data=json.loads(catalogue.read_text(encoding="utf-8"))
    )


def main(action: str, *args: str) -> None:
    """`python -m lotsa.imports.tests.synthetic world` or `… files DIR COUNT` (DATABASE_URL)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotsa.config.settings_test")
    import django

    django.setup()
    if action == "world":
        build_world()
    elif action == "files":
        folder, count = Path(args[0]), int(args[1])
        write_participants(folder / "deltagare.csv", count, unit=REFERRING_UNIT)
        write_cases(folder / "arenden.csv", count, unit=SUPPORT_UNIT, coach=COACH)
    else:
        raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    import sys

    main(*sys.argv[1:])
