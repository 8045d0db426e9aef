"""Names are text, not control codes: the registration page and the API refuse them."""

import pytest
from django.urls import reverse

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant

pytestmark = pytest.mark.django_db

MESSAGE = "Texten får inte innehålla radbrytningar, tabbar eller osynliga styrtecken"


@pytest.mark.parametrize(
    "name", ["Anna\u202eszoR", "Anna\u200bBerg", "Anna\x07", "Anna\x1b[31m", "Anna\nBerg"]
)
def test_registration_refuses_control_codes_in_a_name_at_the_field(client, name):
    referrer = UserFactory(referrer=True, unit=UnitFactory())
    client.force_login(referrer)
    response = client.post(
        reverse("people:create"),
        {
            "personal_number": "811218-9876",
            "first_name": name,
            "last_name": "Berg",
            "city": "Solna",
            "unit": referrer.unit_id,
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.context["form"].errors["first_name"][0]
    assert not Participant.objects.exists()


def test_a_name_from_any_script_is_registered(client):
    referrer = UserFactory(referrer=True, unit=UnitFactory())
    client.force_login(referrer)
    response = client.post(
        reverse("people:create"),
        {
            "personal_number": "811218-9876",
            "first_name": "Łukasz Zoë",
            "last_name": "Nguyễn-Şahin Дмитриев",
            "unit": referrer.unit_id,
        },
    )
    assert response.status_code == 302
