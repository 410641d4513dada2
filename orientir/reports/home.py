"""The pipeline at a glance on the home page: the key stages of the funnel and what is overdue."""

from orientir.accounts import access
from orientir.core import deadlines
from orientir.core.home_panels import home_panel

from . import funnel

KEY_STAGES = ["identified", "targeted", "signed", "studying", "employed", "fulfilled"]


@home_panel
def pipeline_panel(user, today):
    if not access.has_perm(user, "reports.view"):
        return None
    pupils, contracts = access.funnel_scope(user)
    result = funnel.build(pupils=pupils, contracts=contracts, as_of=today)
    counts = {row["key"]: row["count"] for row in result.rows}
    if not any(counts.values()):
        return None
    return {"template": "reports/_home_pipeline.html",
            "stages": [(key, funnel.SHORT_LABELS[key], counts[key]) for key in KEY_STAGES],
            "employed_rate": result.rate("employed"),
            "deadline_sections": deadlines.sections(user, today, limit=0)}
