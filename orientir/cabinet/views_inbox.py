"""Officials' side of what people send from the cabinet (decision 65): documents to check (students.support, within
the contracts of the scope) and questions to answer (the pupil's tutor or the school's coordinator). Thin views."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from orientir.accounts import access
from orientir.core import editing
from orientir.core.listing import exported
from orientir.core.downloads import attachment
from orientir.core.tables import Column, Report, iter_rows
from orientir.core.views import paginate

from . import selectors_inbox as selectors
from . import services_inbox as services
from .forms import AnswerForm, ReviewForm
from .models import DocumentKind, DocumentState


@login_required
def document_list(request):
    access.require(request.user, "students.support")
    flt = selectors.DocumentFilter.from_query(request.GET)
    page = paginate(request, selectors.document_list(request.user, flt), 50)
    return render(request, "cabinet/inbox/document_list.html", {
        "page": page, "flt": flt, "states": DocumentState.choices, "kinds": DocumentKind.choices,
        "today": timezone.localdate()})


@login_required
def document_export(request):
    access.require(request.user, "students.support")
    flt = selectors.DocumentFilter.from_query(request.GET)
    report = Report(
        title="Документы из личного кабинета", filename="cabinet-documents",
        columns=[Column("Номер договора", 14), Column("Гражданин", 32), Column("Документ", 30), Column("Файл", 24),
                 Column("Отправлен", 12, "date"), Column("Проверить до", 12, "date"), Column("Состояние", 14),
                 Column("Проверил", 24), Column("Причина возврата", 32)],
        rows=iter_rows(selectors.document_list(request.user, flt), lambda d: (
            d.contract.number, d.contract.citizen_name, d.get_kind_display(), d.filename,
            timezone.localtime(d.uploaded_at).date(), d.due_on, d.get_state_display(),
            d.reviewed_by.get_full_name() if d.reviewed_by else "", d.return_reason)))
    return exported(request, report, "cabinet.documents.exported")


@login_required
def document_detail(request, pk: int):
    """The document with its file; a POST accepts it or returns it with a reason."""
    document = access.cabinet_document_for_view(request.user, pk)
    form = ReviewForm(request.POST or None)

    def accepted() -> bool:  # read once the form is valid
        return form.cleaned_data["decision"] == "accept"

    return editing.submit(
        request, form, lambda: services.document_review(actor=request.user, document=document, accept=accepted(),
                                                        reason=form.cleaned_data["reason"]),
        success=lambda _: ("Документ принят." if accepted()
                           else "Документ возвращён: отправитель увидит причину в личном кабинете."),
        redirect_to=reverse("inbox:document_list"), page="cabinet/inbox/document_detail.html",
        context={"document": document})


@login_required
def document_file(request, pk: int):
    """The file as sent, as a download (never shown inline: its type is the sender's)."""
    document = access.cabinet_document_for_view(request.user, pk)
    response = HttpResponse(bytes(selectors.document_content(document)), content_type=document.content_type)
    response["Content-Disposition"] = attachment(document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def question_list(request):
    access.require(request.user, "cabinet.answer")
    flt = selectors.QuestionFilter.from_query(request.GET)
    page = paginate(request, selectors.question_list(request.user, flt), 50)
    return render(request, "cabinet/inbox/question_list.html", {
        "page": page, "flt": flt, "states": selectors.QuestionFilter.STATES, "today": timezone.localdate()})


@login_required
def question_export(request):
    access.require(request.user, "cabinet.answer")
    flt = selectors.QuestionFilter.from_query(request.GET)
    report = Report(
        title="Вопросы тьютору из личного кабинета", filename="cabinet-questions",
        columns=[Column("Обучающийся", 30), Column("Школа", 24), Column("Задан", 12, "date"),
                 Column("Ответить до", 12, "date"), Column("Вопрос", 50), Column("Ответ", 50), Column("Ответил", 24),
                 Column("Дан ответ", 12, "date")],
        rows=iter_rows(selectors.question_list(request.user, flt), lambda q: (
            q.pupil.full_name, q.pupil.organisation.short_name, timezone.localtime(q.asked_at).date(), q.due_on,
            q.text, q.answer, q.answered_by.get_full_name() if q.answered_by else "",
            timezone.localtime(q.answered_at).date() if q.answered_at else None)))
    return exported(request, report, "cabinet.questions.exported")


@login_required
def question_detail(request, pk: int):
    """The question and the pupil it is about; a POST answers it."""
    question = access.cabinet_question_for_view(request.user, pk)
    form = AnswerForm(request.POST or None)
    return editing.submit(
        request, form, lambda: services.question_answer(actor=request.user, question=question,
                                                        answer=form.cleaned_data["answer"]),
        success="Ответ отправлен: его увидят в личном кабинете.", redirect_to=reverse("inbox:question_list"),
        page="cabinet/inbox/question_detail.html", context={"question": question})
