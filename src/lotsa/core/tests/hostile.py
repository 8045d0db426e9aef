"""The check every hostile-input test makes of a page: no server error, nothing run."""

from django.http import HttpResponse


def assert_shown_escaped(response: HttpResponse) -> str:
    """The page answered without a 500 and shows no script or markup unescaped; its text."""
    assert response.status_code < 500
    html = response.content.decode("utf-8", errors="replace")
    assert "<script>alert('x')</script>" not in html
    assert "<img src=x onerror" not in html
    return html
