"""Select boxes rendered in Python: Django renders every <option> through a template, which for a list of a few
thousand (pupils of a city, the specialties classifier, organisations) costs a second of a page's time. The HTML is
the same as Django's own select template writes (attributes, optgroups, selected), only built without templates."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


def render_select(widget, name, value, attrs=None) -> str:
    """What Select's template writes, built in one pass over the choices: Django's optgroups() makes a dict of
    attributes per option and flatatt/format_html escape each one again — for 3,900 options that was most of the
    new-contract page's time. The same rules: a None value is "", only the first match is selected unless the
    select is multiple, a (group, [choices]) pair is an <optgroup>."""
    select_attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        select_attrs["multiple"] = True
    selected_values = set(widget.format_value(value))
    parts = [format_html("<select name=\"{}\"{}>", name, flatatt(select_attrs))]
    has_selected = False
    for option_value, option_label in widget.choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            parts.append(format_html("<optgroup label=\"{}\">", option_value))
            choices = option_label
        else:
            choices = ((option_value, option_label),)
        for sub_value, sub_label in choices:
            text = str(sub_value)
            selected = (not has_selected or widget.allow_multiple_selected) and text in selected_values
            has_selected |= selected
            parts.append(f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                         f"{conditional_escape(sub_label)}</option>")
        if isinstance(option_label, (list, tuple)):
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


def lean_choices(field, *only: str) -> None:
    """Draw a ModelChoiceField's options from `queryset.only(*only)`: a long list (the pupils of a city, its
    organisations) no longer builds every column of every row to print a label. Validation still reads the
    field's own queryset, so the cleaned value is a whole instance."""
    from django.forms.models import ModelChoiceIterator

    class LeanIterator(ModelChoiceIterator):
        def __init__(self, model_field):
            super().__init__(model_field)
            self.queryset = self.queryset.only(*only)

    field.iterator = LeanIterator
    field.widget.choices = field.choices
