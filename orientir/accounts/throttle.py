"""Password-reset requests are counted per client address and per e-mail typed: a flood sends no mail.

Limits, each over an hour from the first request counted:
- 5 requests from one address: a person who mistyped their e-mail twice still gets a letter; a script walking
  through e-mails from one machine stops after five;
- 3 requests for one e-mail (the account it names): its owner's mailbox is not flooded from many addresses, and
  three letters an hour are more than someone who lost one needs.
The address is checked first: requests refused for their address do not use up the account's three, so a flood
from one machine does not keep the owner from resetting their own password.

Over a limit the page answers exactly as on success (whether the account exists is never shown) and no mail goes;
the refusal is logged, and the first refusal of each hour is written to the audit log. The counters live in
Django's cache (settings.CACHES): per process by default, so several server processes need one shared cache
(docs/decisions.md, record 44; docs/deploy.md, section 3).
"""

import hashlib
import logging
import time

from django.core.cache import cache

from orientir.core import audit

from .client_ip import client_ip

WINDOW_SECONDS = 60 * 60
PER_ADDRESS = 5
PER_ACCOUNT = 3

logger = logging.getLogger("orientir.security")
audit.register_labels({"throttled": "Отказ: слишком много запросов"})


def _count(scope: str, value: str) -> int:
    """This request's number within the hour of `value` (the key is hashed: no address or e-mail in the cache).

    The value keeps the window's end itself: the file and database caches' incr() would restart the expiry at their
    default 5 minutes. Get-then-set is not atomic; two simultaneous requests may count once, which a limit can bear.
    """
    key = f"orientir:password-reset:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"
    now = time.time()
    count, ends = cache.get(key) or (0, 0.0)
    if ends <= now:
        count, ends = 0, now + WINDOW_SECONDS
    count += 1
    cache.set(key, (count, ends), timeout=int(ends - now) + 1)
    return count


def reset_allowed(request, email: str) -> bool:
    """Count this reset request; False when it is over a limit (then no mail must go)."""
    address = client_ip(request) or "unknown"
    account = email.strip().casefold()
    for scope, value, limit, label in (("address", address, PER_ADDRESS, f"{PER_ADDRESS} в час с одного адреса"),
                                       ("account", account, PER_ACCOUNT, f"{PER_ACCOUNT} в час на один адрес почты")):
        number = _count(scope, value)
        if number > limit:
            logger.warning("Password reset refused: request %d from %s, limit %d per %s", number, address, limit, scope)
            if number == limit + 1:
                changes = {"Адрес клиента": [None, address], "Предел": [None, label]}
                if scope == "account":
                    changes["Эл. почта"] = [None, account[:254]]
                audit.record(actor=None, action="accounts.password_reset.throttled",
                             object_repr="Запрос ссылки для смены пароля", changes=changes)
            return False
    return True
