"""Whether a user may do something at all: a permission string the user's role holds.

Core knows no roles. It asks the signed-in user object for `permissions`, the set of strings its role grants
(orientir.accounts.roles says which role holds which), and refuses with 403 when the string is missing. Which
records a user reaches is the scope's business (orientir.directory.scope, orientir.accounts.access).
"""

from django.core.exceptions import PermissionDenied


def has_perm(user, perm: str) -> bool:
    """True when the user's role grants the permission string."""
    return bool(user and user.is_authenticated and perm in user.permissions)


def require(user, perm: str) -> None:
    """Refuse with 403 when the role lacks the permission (the page exists, the role may not use it)."""
    if not has_perm(user, perm):
        raise PermissionDenied("Недостаточно прав для этого действия.")
