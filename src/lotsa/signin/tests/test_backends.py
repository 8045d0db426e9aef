"""The signed-in user is read with their unit, so the header costs no query of its own."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from lotsa.organisations.tests.factories import UserFactory
from lotsa.signin.backends import StaffBackend

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_the_user_comes_with_their_unit_in_one_query(django_assert_num_queries):
    user = UserFactory(coach=True)
    with django_assert_num_queries(1):
        loaded = StaffBackend().get_user(user.pk)
        assert loaded is not None and loaded.unit.name == user.unit.name


def test_an_inactive_or_unknown_user_is_nobody():
    user = UserFactory(coach=True, is_active=False)
    assert StaffBackend().get_user(user.pk) is None
    assert StaffBackend().get_user(user.pk + 1000) is None


def test_a_password_sign_in_keeps_the_user_with_the_backend_that_reads_the_unit(client):
    user = UserFactory(coach=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "lotsa.signin.backends.StaffBackend"


def test_the_header_names_the_unit_without_a_query_for_it(client, django_assert_max_num_queries):
    user = UserFactory(coach=True)
    client.force_login(user)
    with django_assert_max_num_queries(50) as page:
        response = client.get(reverse("shell:home"), follow=True)
    assert user.unit.name in response.content.decode()
    unit_table = user.unit._meta.db_table
    alone = [
        query["sql"]
        for query in page.captured_queries
        if f'FROM "{unit_table}"' in query["sql"] and "JOIN" not in query["sql"]
    ]
    assert alone == []
