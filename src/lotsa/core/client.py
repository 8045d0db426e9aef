"""The client's address, also behind the reverse proxy that docs/deployment.md prescribes.

`X-Forwarded-For` is read only when the request came from one of LOTSA_TRUSTED_PROXIES (the
proxy hops in the order a request passes them, each an address or a CIDR network): the
proxy appends the address it saw, so only the last hops of the header can be believed, and
entries a client wrote itself further left are ignored. From anyone else the header is
ignored and the connection's own address counts. The header itself is parsed by django-ipware.
Audit origin, sign-in lockout (axes) and the portal's code rate limits all ask here.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def _is_trusted_proxy(address: str | None, proxies: list[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in proxies:
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person's own device, as far as the trusted proxies tell."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = list(settings.LOTSA_TRUSTED_PROXIES)
    forwarded = request.META.get(FORWARDED_HEADER, "")
    if not proxies or not forwarded or not _is_trusted_proxy(remote, [proxies[-1]]):
        return remote
    # The chain as the last proxy saw it, its own address included; only the trailing hops
    # (one per trusted proxy, and the client before them) were written by our proxies.
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    chain = [*hops, str(remote)][-(len(proxies) + 1) :]
    meta = {FORWARDED_HEADER: ", ".join(chain)}
    address, _routable = get_client_ip(
        _MetaOnly(meta),  # type: ignore[arg-type]
        proxy_order="left-most",
        proxy_trusted_ips=proxies,
        request_header_order=(FORWARDED_HEADER,),
    )
    return address or remote


class _MetaOnly:
    """What django-ipware reads from a request: its META."""

    def __init__(self, meta: dict[str, str]) -> None:
        self.META = meta  # noqa: N815 - the name django-ipware reads
