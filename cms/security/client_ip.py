"""Who is on the other end of a request, as far as the load balancers in front tell."""

from django.conf import settings


def client_address(request) -> str:
    """The visitor's address; behind load balancers, the one they saw.

    With DELIVERY_API_TRUSTED_PROXIES = n, the n-th address from the right of
    X-Forwarded-For is the client's: the proxies in front append theirs, and
    anything further left was written by the client and cannot be trusted.
    The delivery API's form rate limit and the login lockout (django-axes)
    both count per this address, so one visitor never stands for everyone
    behind the balancer.
    """
    proxies = settings.DELIVERY_API_TRUSTED_PROXIES
    forwarded = [
        a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
