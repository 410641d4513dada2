"""Writes of the contract templates a municipality puts in force (decision 58): upload, restore, reset."""

from django.db import transaction
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError

def _next_template_version(municipality) -> int:
    from .models import DocumentTemplate

    last = DocumentTemplate.objects.filter(municipality=municipality).order_by("-version").first()
    return (last.version if last else 0) + 1


@transaction.atomic
def template_upload(*, actor, municipality, data: bytes, filename: str, note: str = ""):
    """Accept a new contract template for the municipality and put it in force, or raise TemplateRefused (nothing
    written). The previous versions stay in the history."""
    from . import templating
    from .models import DocumentTemplate, Municipality

    checked = templating.check_template(data)
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()  # one version number at a time
    DocumentTemplate.objects.filter(municipality=municipality, is_active=True).update(is_active=False)
    version = DocumentTemplate.objects.create(
        municipality=municipality, version=_next_template_version(municipality), content=checked,
        filename=(filename or "template.docx")[:200], size=len(checked), note=note.strip()[:500],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, uploaded_at=timezone.now(),
        is_active=True)
    audit.record(actor=actor, action="contracts.template.template_uploaded", instance=version,
                 changes={"Шаблон договора": [None, f"версия {version.version} ({version.filename})"],
                          **({"Что изменено": [None, version.note]} if version.note else {})})
    return version


@transaction.atomic
def template_restore(*, actor, source):
    """Put an earlier version back in force as a new version (the history only grows). Checked again: the list of
    variables may have changed since it was uploaded."""
    from . import templating
    from .models import DocumentTemplate, Municipality

    checked = templating.check_template(bytes(source.content))
    Municipality.objects.select_for_update().filter(pk=source.municipality_id).first()
    DocumentTemplate.objects.filter(municipality_id=source.municipality_id, is_active=True).update(is_active=False)
    version = DocumentTemplate.objects.create(
        municipality_id=source.municipality_id, version=_next_template_version(source.municipality), content=checked,
        filename=source.filename, size=len(checked), note=f"Восстановлена версия {source.version}",
        restored_from=source, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=timezone.now(), is_active=True)
    audit.record(actor=actor, action="contracts.template.template_restored", instance=version,
                 changes={"Шаблон договора": [f"версия {source.version}", f"версия {version.version}"]})
    return version


@transaction.atomic
def template_reset(*, actor, municipality):
    """Go back to the repository's template: no municipal version is in force; the history stays."""
    from .models import DocumentTemplate

    current = DocumentTemplate.objects.filter(municipality=municipality, is_active=True).first()
    if current is None:
        raise DomainError("Уже действует шаблон из поставки системы.")
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit.record(actor=actor, action="contracts.template.template_reset", instance=current,
                 changes={"Шаблон договора": [f"версия {current.version}", "шаблон из поставки системы"]})
