"""Codes typed at the cabinet's entrance are counted per client address: 10 an hour. A code has 60 bits; at this
rate guessing one takes longer than any code lives, and a flood of guesses is visible in the log."""

import hashlib
import logging
import time

from django.core.cache import cache

from orientir.accounts.client_ip import client_ip

WINDOW_SECONDS = 60 * 60
PER_ADDRESS = 10

logger = logging.getLogger("orientir.security")


def code_attempt_allowed(request) -> bool:
    """Count one typed code from the request's address; False once the hour's limit is passed."""
    address = client_ip(request) or "unknown"
    key = f"orientir:cabinet-code:{hashlib.sha256(address.encode()).hexdigest()}"
    now = time.time()
    count, ends = cache.get(key) or (0, 0.0)
    if ends <= now:
        count, ends = 0, now + WINDOW_SECONDS
    count += 1
    cache.set(key, (count, ends), timeout=int(ends - now) + 1)
    if count > PER_ADDRESS:
        logger.warning("Cabinet code refused: attempt %d from %s within the hour", count, address)
        return False
    return True
