"""Password spraying: one address trying many usernames is locked out too.

Axes locks a username at one address after AXES_FAILURE_LIMIT failures (5; AXES_LOCKOUT_PARAMETERS
[["username", "ip_address"]]). A guesser who tries a common password on every username from one address stays
under that limit for each name. Axes can also count the address alone (`[["username", "ip_address"],
"ip_address"]`), but with the same limit of 5: five typos of five people in one office behind one NAT address
would lock the whole office. So the address has a limit of its own, LOGIN_ADDRESS_FAILURE_LIMIT (20) failures
over all usernames within AXES_COOLOFF_TIME (30 minutes), counted from axes' own records; over it the address gets
axes' lockout page for any username, a right password included, until its failures are older than the cool-off.
The address is the person's one behind the proxy (accounts/client_ip.py), as for the per-username lockout.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request, address: str) -> int:
    """Failed logins from the address within the cool-off, whatever the username."""
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if get_cool_off(request) is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes' database handler; an address over its own limit counts as a username over axes' limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if address and address_failures(request, address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
