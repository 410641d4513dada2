"""The one gate: may this user see or change this? Every queryset a user can reach comes from here.

Rules: a permission string says what a role may do at all (orientir.core.permissions); the scope says on which
records. An object outside the scope answers 404 exactly like a missing one, so ids cannot be probed.

The gate knows no domain model (decision 61). The directory's scope (organisations, municipalities, units, sectors)
sits below it and is offered here under the same names. Each app above registers how its own records are scoped: a
module `scopes.py` of the app whose functions carry `@scope` (found when the apps are ready, like the demo builders).
`access.contracts_for(user)` then finds the contracts app's `contracts_for`: the callers keep one address, the rule
lives next to its model.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from orientir.core.permissions import has_perm, require  # noqa: F401 - the gate's first question, asked here
from orientir.directory.scope import (  # noqa: F401 - the scope every other one starts from
    municipalities_for,
    municipality_filter,
    may_create_organisation,
    organisation_for_view,
    organisations_for,
    require_organisation_create,
    sectors_for,
    units_for,
)

# --- The apps' scopes --------------------------------------------------------------------------------------------

SCOPES: dict[str, Callable] = {}


def scope(func: Callable) -> Callable:
    """Register an app's scope function (`<records>_for`, `<record>_for_view`, `may_<do>`) under its own name."""
    name = func.__name__
    known = SCOPES.get(name)
    if known is not None and known.__module__ != func.__module__:
        raise ImproperlyConfigured(f"Правило доступа {name} объявлено дважды: {known.__module__} и {func.__module__}")
    SCOPES[name] = func
    return func


def discover() -> None:
    """Import every installed app's `scopes` module (AccountsConfig.ready)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("scopes")


def __getattr__(name: str):
    """`access.<name>`: a scope an app registered (PEP 562: asked only for names this module does not define)."""
    try:
        return SCOPES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


# --- Accounts --------------------------------------------------------------------------------------------------

# The personal cabinet: pupils from 14, parents, students, young specialists (issue 18, decision 57). A person's
# sign-in is a User with this role: it is in no role's table, so it holds no permission string and no staff scope
# (organisations_for and every registered *_for answer none). What the person sees is the cabinet's links
# (orientir.cabinet.scopes).
CABINET_ROLE = "cabinet"


def is_cabinet_user(user) -> bool:
    """True for a person's account (the cabinet entrance), False for staff and anonymous visitors."""
    return bool(user is not None and user.is_authenticated and getattr(user, "role", "") == CABINET_ROLE)


def users_for(user) -> QuerySet:
    """Accounts an administrator may manage: those of their municipality (all for a regional admin)."""
    from .models import User

    if not has_perm(user, "accounts.users.manage"):
        return User.objects.none()
    # people's cabinet accounts are not officials' to manage here (decision 57)
    return municipality_filter(user, User.objects.exclude(role=CABINET_ROLE), "municipality_id")
