"""What every refused second-step code looks like to the user and in the audit log."""

from django.urls import reverse

from lotsa.audit.models import AuditRecord


def assert_code_refused(client, response, device, message: str, audit_summary: str) -> None:
    """The code was refused at its field with `message`, the user is still held at the second
    step, and the refusal is audited as `audit_summary`."""
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [message]
    assert client.get("/deltagare/")["Location"].startswith(reverse("signin:verify"))
    assert AuditRecord.objects.filter(actor=device.user, summary=audit_summary).exists()
