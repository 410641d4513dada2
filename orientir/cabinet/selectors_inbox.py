"""Reads of what people sent from the cabinet (decision 65): the officials' lists with search and filters, the
person's own lists, the deadlines for «Мои задачи». Every queryset comes through accounts.access."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, Value, When

from orientir.accounts import access
from orientir.core.listing import narrowed
from orientir.core.text import normalize_search

from .models import Document, DocumentKind, DocumentState, Question

LIST_FIELDS = ("contract__number", "contract__last_name", "contract__first_name", "contract__middle_name")


@dataclass
class DocumentFilter:
    state: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> "DocumentFilter":
        state, kind = query.get("state", ""), query.get("kind", "")
        return cls(state=state if state in DocumentState.values else "",
                   kind=kind if kind in DocumentKind.values else "", q=query.get("q", "").strip()[:100])


def document_list(user, flt: DocumentFilter) -> QuerySet:
    """The documents the user checks, the ones waiting first (soonest due), without the files themselves."""
    qs = narrowed(access.cabinet_documents_for(user).defer("content").select_related("contract", "reviewed_by"),
                  state=flt.state, kind=flt.kind)
    if flt.q:
        qs = qs.filter(Q(contract__search_text__contains=normalize_search(flt.q))
                       | Q(contract__number__icontains=flt.q) | Q(filename__icontains=flt.q))
    waiting_first = Case(When(state=DocumentState.SUBMITTED, then=Value(0)), default=Value(1))
    return qs.order_by(waiting_first, "due_on", "-uploaded_at", "id")


@dataclass
class QuestionFilter:
    state: str = ""  # "open" | "answered" | ""
    q: str = ""

    STATES = (("open", "Без ответа"), ("answered", "С ответом"))

    @classmethod
    def from_query(cls, query) -> "QuestionFilter":
        state = query.get("state", "")
        return cls(state=state if state in dict(cls.STATES) else "", q=query.get("q", "").strip()[:100])


def question_list(user, flt: QuestionFilter) -> QuerySet:
    """The questions the user answers, the unanswered first (soonest due)."""
    qs = access.cabinet_questions_for(user).select_related("pupil__organisation", "tutor", "answered_by")
    if flt.state == "open":
        qs = qs.filter(answered_at__isnull=True)
    elif flt.state == "answered":
        qs = qs.filter(answered_at__isnull=False)
    if flt.q:
        qs = qs.filter(Q(pupil__search_text__contains=normalize_search(flt.q)) | Q(text__icontains=flt.q))
    return qs.order_by(F("answered_at").desc(nulls_first=True), "due_on", "id")


def documents_of(contract) -> list[Document]:
    """The contract's documents for the citizen's own page, newest first (the files stay in the table)."""
    return list(Document.objects.filter(contract=contract).defer("content").order_by("-uploaded_at", "-id")[:50])


def questions_of(pupil) -> list[Question]:
    return list(Question.objects.filter(pupil=pupil).select_related("tutor", "answered_by")
                .order_by("-asked_at", "-id")[:50])


def open_documents(user, today: datetime.date) -> list[Document]:
    return list(access.cabinet_documents_for(user).filter(state=DocumentState.SUBMITTED).defer("content")
                .select_related("contract").order_by("due_on", "id"))


def open_questions(user) -> list[Question]:
    return list(access.cabinet_questions_for(user).filter(answered_at__isnull=True).select_related("pupil")
                .order_by("due_on", "id"))


def document_content(document: Document) -> bytes:
    """The file itself, read only when it is downloaded (lists defer it)."""
    return Document.objects.filter(pk=document.pk).values_list("content", flat=True).get()
