"""Two people editing one thing at once: the stale form is refused, as every edit-conflict test
checks it (`lotsa.core.concurrency`)."""

from django.test import Client

CONFLICT = "Någon annan har sparat ändringar medan du redigerade"


def signed_in_clients(*users) -> list[Client]:
    """A browser of its own for each of `users`, signed in."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def post_stale(url: str, *, first: Client, fresh: dict, second: Client, stale: dict):
    """`first` saves `fresh`; then `second` posts `stale`, the form it opened before: refused
    and shown again. The second response."""
    assert first.post(url, fresh).status_code == 302
    response = second.post(url, stale)
    assert response.status_code == 200
    return response
