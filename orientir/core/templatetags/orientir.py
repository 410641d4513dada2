"""Template helpers: Russian plurals, what a list found, audit change rendering, sort links."""

from django import template

from orientir.core import audit, text

register = template.Library()


@register.filter
def ru_plural(number, forms: str) -> str:
    """`{{ n|ru_plural:"организация,организации,организаций" }}` — the noun alone."""
    return text.plural(number, forms)


@register.filter
def ru_count(number, forms: str) -> str:
    """`{{ n|ru_count:"год,года,лет" }}` — «2 года», «5 лет»: the number with its noun."""
    return text.count(number, forms)


@register.simple_tag
def change_rows(entry):
    """[(label, before, after)] of an audit entry, with field labels in Russian."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = audit.field_label(model, name) if model else name
        choices = _choices(model, name)
        rows.append((label, _show(choices.get(str(before), before)), _show(choices.get(str(after), after))))
    return rows


def _choices(model, name: str) -> dict:
    try:
        return {str(k): str(v) for k, v in model._meta.get_field(name).flatchoices}
    except Exception:  # no model, a removed field or a relation: show the stored text
        return {}


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    if value is True:
        return "да"
    if value is False:
        return "нет"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[0:4]}"
    return text


@register.filter
def action_label(action: str) -> str:
    return audit.action_label(action)


@register.filter
def found(page, forms: str = "") -> str:
    """What a list page found: `{{ page|found:"организация,организации,организаций" }}` — «39 758 организаций»
    (the noun is left out without forms). A search counted only up to its cap (orientir.core.paging) reads
    «более 10 000 организаций — уточните поиск»: the exact number was not counted."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    paginator = page.paginator
    n = paginator.count
    if getattr(paginator, "capped", False):
        noun = f" {text.plural_after_more(n, forms)}" if forms else ""
        return f"более {intcomma(n)}{noun} — уточните поиск"
    if not forms:
        return intcomma(n)
    one, few, many = (p.strip() for p in forms.split(",")[:3])  # a fourth form is for «более N» only
    return f"{intcomma(n)} {text.plural(n, (one, few, many))}"


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str) -> str:
    """Query string that sorts by `key`, toggling direction when already sorted by it."""
    from django.utils.html import format_html

    request = context["request"]
    current = request.GET.get("sort", "name")
    params = request.GET.copy()
    params.pop("page", None)
    new = f"-{key}" if current == key else key
    params["sort"] = new
    arrow = " ▲" if current == key else (" ▼" if current == f"-{key}" else "")
    return format_html('<a href="?{}" class="link-dark text-decoration-none">{}{}</a>', params.urlencode(), label,
                       arrow)


@register.filter
def get_item(mapping, key):
    """`{{ request.GET|get_item:name }}`."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def keep_number(text: str) -> str:
    """«№ 1» never breaks between the sign and the number."""
    return str(text).replace("№ ", "№\u00a0")


@register.filter
def money(value) -> str:
    """«7 500,50»: roubles with kopecks as officials write them (no «₽»: the column or the text says it)."""
    from orientir.core.text import rubles

    return rubles(value).removesuffix("\u00a0₽")


@register.simple_tag
def ignored_filter_values():
    """The filter values of the address the page could not apply (orientir.core.params)."""
    from orientir.core.params import ignored_values

    return ignored_values()
