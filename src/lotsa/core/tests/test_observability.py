"""Log lines and error reports carry no personal data (issue 18, item 2)."""

import json
import logging
import sys

from django.http import HttpResponse
from django.test import RequestFactory

from lotsa.core.observability import (
    JsonFormatter,
    RequestContextMiddleware,
    scrub,
    sentry_before_send,
)


def test_scrub_replaces_personnummer_email_and_phone():
    text = "19850315-2391 850315-2391 198503152391 anna.andersson@example.se +46 70 123 45 67"
    assert scrub(text) == "[personnummer] [personnummer] [personnummer] [e-post] [telefon]"
    assert scrub("case 42 opened in 12 ms") == "case 42 opened in 12 ms"


def test_a_log_line_is_json_with_the_exception_scrubbed():
    try:
        raise ValueError("duplicate key (personal_number)=(198503152391)")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed for %s", ("a@b.se",),
                                   exc_info=True)  # fmt: skip
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed for [e-post]"
    assert "198503152391" not in line["exception"] and "[personnummer]" in line["exception"]
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "actor_id",
        "exception",
    }


def test_the_sentry_scrubber_keeps_the_error_and_drops_the_person():
    event = {
        "request": {
            "method": "POST",
            "url": "https://lotsa.example.se/deltagare/?q=Andersson",
            "data": {"first_name": "Ingegerd", "personal_number": "19850315-2391"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Forwarded-For": "192.0.2.1"},
            "query_string": "q=Andersson",
        },
        "user": {"id": 17, "email": "coach@example.se", "username": "coach1"},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": "Key (personal_number)=(198503152391) already exists",
                    "stacktrace": {
                        "frames": [{"function": "participant_create", "vars": {"name": "Ingegerd"}}]
                    },
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "sms to 0701234567"}]},
        "extra": {"contact": "ingegerd@example.se"},
        "server_name": "app-1",
    }

    cleaned = sentry_before_send(event, {})

    text = json.dumps(cleaned)
    for personal in ("Ingegerd", "Andersson", "198503152391", "19850315-2391", "0701234567",
                     "ingegerd@example.se", "coach@example.se", "coach1", "sessionid"):  # fmt: skip
        assert personal not in text
    assert cleaned["request"] == {"method": "POST", "url": "https://lotsa.example.se/deltagare/"}
    assert cleaned["user"] == {"id": 17}
    value = cleaned["exception"]["values"][0]
    assert value["type"] == "IntegrityError" and "[personnummer]" in value["value"]
    assert value["stacktrace"]["frames"] == [{"function": "participant_create"}]


class _User:
    pk = 42
    is_authenticated = True


def test_a_request_s_lines_carry_its_id_and_the_actor_s_id():
    lines = []

    def view(request):
        record = logging.LogRecord("lotsa.x", logging.INFO, __file__, 1, "page shown", (), None)
        lines.append(json.loads(JsonFormatter().format(record)))
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers={"X-Request-ID": "proxy-abc-12345"})
    request.user = _User()
    response = RequestContextMiddleware(view)(request)
    assert (lines[0]["request_id"], lines[0]["actor_id"]) == ("proxy-abc-12345", 42)
    assert response["X-Request-ID"] == "proxy-abc-12345"

    bad = RequestFactory().get("/", headers={"X-Request-ID": "<script>"})
    bad.user = _User()
    assert RequestContextMiddleware(view)(bad)["X-Request-ID"] != "<script>"
    assert len(lines[1]["request_id"]) == 32
