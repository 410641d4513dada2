"""The pipeline at a glance on the home page: the key stages of the funnel and what is overdue.

The panel is the whole funnel of the user's scope and every deadline source: the most expensive part of the home
page, shown on every visit. It is kept in Django's cache under the user and their scope, the day, and the newest
change in the audit log (`deadlines.data_key`): every write is audited, so a new contract or a moved deadline gives
a new key and is seen at once; a new day gives one too (what is overdue changes with it). Decision 70.
"""

from django.core.cache import cache

from orientir.accounts import access
from orientir.core import deadlines
from orientir.core.home_panels import home_panel

from . import funnel

KEY_STAGES = ["identified", "targeted", "signed", "studying", "employed", "fulfilled"]
_NOTHING = "nothing"  # cached for a user with an empty funnel: None would read as «not cached»


@home_panel
def pipeline_panel(user, today):
    if not access.has_perm(user, "reports.view"):
        return None
    key = deadlines.data_key("home-pipeline", user, today)
    panel = cache.get(key)
    if panel is None:
        panel = _build(user, today) or _NOTHING
        cache.set(key, panel, deadlines.KEEP_SECONDS)
    return None if panel == _NOTHING else panel


def _build(user, today) -> dict | None:
    pupils, contracts = access.funnel_scope(user)
    result = funnel.build(pupils=pupils, contracts=contracts, as_of=today)
    counts = {row["key"]: row["count"] for row in result.rows}
    if not any(counts.values()):
        return None
    return {"template": "reports/_home_pipeline.html",
            "stages": [(key, funnel.SHORT_LABELS[key], counts[key]) for key in KEY_STAGES],
            "employed_rate": result.rate("employed"),
            "deadline_sections": deadlines.sections(user, today, limit=0)}
