"""Writes to accounts: create and change users, audited."""

from django.db import transaction

from orientir.core import audit

from .models import User


@transaction.atomic
def user_save(*, actor, user: User, data: dict, password: str = "") -> User:
    """Create or change an account; the password is hashed, never logged."""
    creating = user.pk is None
    before = {} if creating else audit.snapshot(User.objects.get(pk=user.pk))
    for name, value in data.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    user.save()
    after = audit.snapshot(user)
    for secret in ("password", "last_login"):
        before.pop(secret, None)
        after.pop(secret, None)
    changes = audit.diff(before, after)
    if password and not creating:
        changes["password"] = ["***", "изменён"]
    audit.record(actor=actor, action=f"accounts.user.{'created' if creating else 'updated'}", instance=user,
                 changes=changes)
    return user
