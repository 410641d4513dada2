"""Issuing and revoking API tokens (audited; the key itself is never stored or written to the log)."""

from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError

from .models import ApiToken


def token_issue(*, actor, name: str, user) -> tuple[ApiToken, str]:
    """A new token with the rights of `user`; returns it and its key, to be shown once."""
    name = (name or "").strip()
    if not name:
        raise DomainError("Укажите, кому выдаётся ключ (например, «Департамент образования области»).", field="name")
    if not user.is_active:
        raise DomainError("Пользователь не активен: ключ с его правами ничего не откроет.", field="user")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(name=name[:300], user=user, prefix=key[:12], key_hash=ApiToken.hash_of(key),
                                    created_by=actor)
    audit.record(actor=actor, action="api.token.issued", instance=token,
                 changes={"Кому выдан": [None, token.name], "Права пользователя": [None, user.get_username()]})
    return token, key


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at:
        raise DomainError("Ключ уже отозван.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="api.token.revoked", instance=token, changes={"Отозван": [None, "да"]})
    return token


def token_user(key: str):
    """The user whose rights a presented key carries, or None (unknown, revoked, or the user switched off)."""
    if not key or len(key) > 200:
        return None
    token = (ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_of(key), revoked_at__isnull=True)
             .first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:  # not a write per request
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
