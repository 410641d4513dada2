"""Select boxes rendered in Python: Django renders every <option> through a template, which for a list of a few
thousand (pupils of a city, the specialties classifier, organisations) costs a second of a page's time. The HTML is
the same as Django's own select template writes (attributes, optgroups, selected), only built without templates."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def render_select(widget, name, value, attrs=None) -> str:
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [format_html("<select name=\"{}\"{}>", context["name"], flatatt(context["attrs"]))]
    for group_name, options, _ in context["optgroups"]:
        if group_name:
            parts.append(format_html("<optgroup label=\"{}\">", group_name))
        for option in options:
            parts.append(format_html("<option value=\"{}\"{}>{}</option>", option["value"],
                                     flatatt(option["attrs"]), option["label"]))
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        return render_select(self, name, value, attrs)


class FastSelectMultiple(forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        return render_select(self, name, value, attrs)


def speed_up(widget) -> None:
    """Render a plain Select / SelectMultiple the fast way (subclasses with templates of their own are left)."""
    if type(widget) is forms.Select:
        widget.__class__ = FastSelect
    elif type(widget) is forms.SelectMultiple:
        widget.__class__ = FastSelectMultiple
