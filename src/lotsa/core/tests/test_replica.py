"""The read-replica router against a real second database alias (a test mirror of default)."""

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from lotsa.core.replica import ReplicaReadsMiddleware, reading_from_replica
from lotsa.organisations.models import Organisation, User
from lotsa.organisations.tests.factories import OrganisationFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _queries(alias: str):
    return CaptureQueriesContext(connections[alias])


@override_settings(LOTSA_READ_REPLICA_ALIAS="replica")
def test_reads_inside_the_context_go_to_the_replica_and_see_the_primarys_rows():
    ParticipantFactory()
    with _queries("default") as primary, _queries("replica") as replica:
        with reading_from_replica():
            assert Participant.objects.count() == 1
        assert Participant.objects.count() == 1
    assert len(replica.captured_queries) == 1
    assert len(primary.captured_queries) == 1


@override_settings(LOTSA_READ_REPLICA_ALIAS="replica")
def test_writes_users_and_reads_inside_a_transaction_stay_on_the_primary():
    with _queries("replica") as replica, reading_from_replica():
        organisation = OrganisationFactory()
        assert User.objects.filter(organisation=organisation).count() == 0
        with transaction.atomic():
            Organisation.objects.filter(pk=organisation.pk).update(name="Ny")
            assert Participant.objects.count() == 0
    assert replica.captured_queries == []


def test_without_a_configured_replica_everything_reads_the_primary():
    with _queries("replica") as replica, reading_from_replica():
        assert Participant.objects.count() == 0
    assert replica.captured_queries == []


@override_settings(LOTSA_READ_REPLICA_ALIAS="replica", LOTSA_REPLICA_APPS=["people"])
def test_the_middleware_routes_get_requests_of_the_named_apps_only(rf):
    seen: list[bool] = []

    def view(request):
        with _queries("replica") as replica:
            Participant.objects.exists()
        seen.append(bool(replica.captured_queries))
        return None

    middleware = ReplicaReadsMiddleware(view)
    middleware(rf.get("/deltagare/"))
    middleware(rf.post("/deltagare/"))
    middleware(rf.get("/arenden/mina/"))
    assert seen == [True, False, False]
