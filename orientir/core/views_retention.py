"""Destruction of personal data when the purpose is reached: the list of records past their period (the committee
reads it, the administrator confirms), its export without personal data, and the acts (decision 59)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.core import personal_data, retention, retention_act
from orientir.core.downloads import attachment
from orientir.core.errors import DomainError
from orientir.core.models import DestructionAct
from orientir.core.params import int_param
from orientir.core.permissions import has_perm, require
from orientir.core.tables import Column, Report, xlsx_response
from orientir.core.views import paginate

VIEW, DESTROY = "core.retention.view", "core.retention.destroy"


def _subject(params) -> str:
    subject = params.get("subject") or ""
    rules = personal_data.retentions()
    return subject if subject in personal_data.RETENTION else rules[0].subject


def _acts_for(user):
    acts = DestructionAct.objects.all()
    if user.municipality_id:
        acts = acts.filter(municipality_id=user.municipality_id)
    return acts


@login_required
def retention_list(request):
    require(request.user, VIEW)
    today = timezone.localdate()
    subject = _subject(request.GET)
    rule = retention.rule(subject)
    q = request.GET.get("q", "").strip()[:200]
    records = retention.due(subject, today, request.user, q)
    # exact: «все записи категории (N)» is the number of records to be destroyed, not a search's estimate
    page = paginate(request, records, exact=True)
    ctx = {"today": today, "summary": retention.summary(today, request.user), "rule": rule, "subject": subject,
           "q": q, "page": page, "rows": [(r, rule.describe(r), rule.expires(r.ended_on), rule.names(r)[0]) for r in page],
           "tables": retention.preview(subject, records), "acts": _acts_for(request.user)[:20],
           "may_destroy": has_perm(request.user, DESTROY)}
    return render(request, "core/retention.html", ctx)


@login_required
def retention_export(request):
    """The list without the personal data: which record (a number, not a name), its organisation, state, when its
    purpose was reached and when its period ran out."""
    require(request.user, VIEW)
    today = timezone.localdate()
    subject = _subject(request.GET)
    rule = retention.rule(subject)
    records = retention.due(subject, today, request.user, request.GET.get("q", "")[:200])

    def rows():
        for number, record in enumerate(records.iterator(chunk_size=1000), start=1):
            label, organisation, state = rule.describe(record)
            yield number, label, organisation, state, record.ended_on, rule.expires(record.ended_on)

    report = Report(title=f"К уничтожению: {rule.title.lower()}", subtitle=f"На {today:%d.%m.%Y}. Срок хранения — "
                    f"{rule.period}.", filename="k-unichtozheniyu",
                    columns=[Column("№", 6, "number"), Column("Запись", 30), Column("Организация", 40),
                             Column("Состояние", 24), Column("Цель достигнута", 14, "date"),
                             Column("Срок хранения истёк", 14, "date")],
                    rows=rows(), notes=["Без персональных данных: записи названы номерами.", rule.reason])
    return xlsx_response(report)


@login_required
@require_POST
def retention_destroy(request):
    require(request.user, DESTROY)
    subject = _subject(request.POST)
    url = f"{reverse('core:retention')}?subject={subject}"
    if request.POST.get("confirm") != "on":
        messages.error(request, "Отметьте, что комиссия проверила список и решила уничтожить эти сведения.")
        return redirect(url)
    ids = None
    if request.POST.get("scope") != "all":
        ids = [pk for pk in (int_param(v) for v in request.POST.getlist("ids")) if pk]
        if not ids:
            messages.error(request, "Не отмечено ни одной записи.")
            return redirect(url)
    try:
        act = retention.destroy_due(actor=request.user, subject=subject, today=timezone.localdate(), ids=ids,
                                    commission=request.POST.get("commission", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(url)
    messages.success(request, f"Сведения уничтожены: {act.people} {retention_act.records_word(act.people)}. "
                              f"Составлен акт № {act.number} — распечатайте его и подпишите членами комиссии.")
    return redirect(url)


@login_required
def destruction_act(request, pk):
    require(request.user, VIEW)
    act = _acts_for(request.user).filter(pk=pk).first()
    if act is None:
        raise Http404("Акт не найден")
    response = HttpResponse(retention_act.to_docx(act),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = attachment(retention_act.filename(act))
    return response
