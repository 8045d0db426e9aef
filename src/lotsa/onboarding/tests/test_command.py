"""`lotsa onboard …`: the same services as the pages, audited under --as."""

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotsa.audit.models import AuditRecord
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation, User

pytestmark = pytest.mark.django_db


def onboard(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("onboard", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_an_association_is_onboarded_from_the_command_line(tmp_path):
    onboard("instance-admin", "drift", "--password-stdin", stdin="ett långt och bra lösenord\n")
    operator = User.objects.get(username="drift")
    assert operator.role == Role.INSTANCE_ADMINISTRATOR and operator.organisation is None
    assert operator.check_password("ett långt och bra lösenord")
    name = "Samordningsförbundet Mitt"
    onboard("organisation", name, "--kind", "coordination_association", "--as", "drift")
    onboard("member", name, "Karlstad", "1780", "--as", "drift")
    onboard("member", name, "Hammarö", "1782", "--as", "drift")
    onboard("partner", name, "region", "--name", "Region Värmland", "--as", "drift")
    onboard(
        "guideline", name, "danderyd_arbetscoach", "--publish-on", "2026-01-01", "--as", "drift"
    )
    onboard("unit", name, "Jobbtorget", "--runs-support", "--as", "drift")
    staff = tmp_path / "personal.csv"
    staff.write_text(
        "användarnamn;förnamn;efternamn;e-post;titel;roll;enhet\n"
        "maja;Maja;Ek;maja@example.org;;Arbetscoach;Jobbtorget\n",
        encoding="utf-8",
    )
    assert "1 konton skapade" in onboard("staff", name, str(staff), "--as", "drift")
    association = Organisation.objects.get(name=name)
    assert [m.municipality_code for m in association.member_municipalities.all()] == [
        "1782",
        "1780",
    ]
    assert association.units.get().members.get().username == "maja"
    assert AuditRecord.objects.filter(actor=operator, organisation_id=association.pk).count() >= 6


def test_a_command_step_refuses_someone_who_is_not_an_instance_administrator():
    User.objects.create_user(username="vanlig", role=Role.COACH)
    with pytest.raises(CommandError, match="ingen instansadministratör"):
        onboard("organisation", "X", "--code", "0180", "--as", "vanlig")


def test_a_bad_row_fails_the_command_with_the_row(tmp_path):
    onboard("instance-admin", "drift")
    onboard("organisation", "Kommunen", "--code", "0180", "--as", "drift")
    staff = tmp_path / "personal.csv"
    staff.write_text(
        "användarnamn;förnamn;efternamn;e-post;roll\nx;;B;x@example.org;Arbetscoach\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="rad 2, kolumn förnamn"):
        onboard("staff", "Kommunen", str(staff), "--as", "drift")
    assert not User.objects.filter(username="x").exists()
