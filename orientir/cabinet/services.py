"""Writes of the personal cabinet: invitations, joining by a code, linking one more child, consent given or withdrawn
by the person. Every write is audited; consent goes through the pupils services, so a withdrawal from the cabinet
erases exactly what an official's does."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orientir.accounts.access import CABINET_ROLE
from orientir.accounts.models import User
from orientir.core import audit
from orientir.core.dates import age_on
from orientir.core.errors import DomainError
from orientir.pupils import services as pupil_services
from orientir.pupils.models import Consent

from .models import CONTRACT_KINDS, PUPIL_KINDS, Account, Invitation, Kind, Link

# 32 letters and digits without the look-alikes (0/O, 1/I): 12 of them are 60 bits, printed in three groups of four.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MIN_PUPIL_AGE = 14
ADULT_AGE = 18
WORK_STATES = {"graduated", "employed", "fulfilled", "breached"}
NOT_INVITED_STATES = {"draft", "not_admitted", "terminated", "released"}
REFUSED = ("Код не подходит: он неверен, уже использован, отменён или истёк. Проверьте код на листке или "
           "попросите новый у того, кто его выдал.")


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """A keyed hash: a copy of the table without the server's secret key does not let codes be tried offline."""
    return hmac.new(settings.SECRET_KEY.encode(), normalise(code).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def contract_kind(contract) -> str:
    """A graduate due to work or working is a young specialist; before that, a student."""
    return Kind.SPECIALIST if contract.state in WORK_STATES or contract.state_before_suspension in WORK_STATES \
        else Kind.STUDENT


def _check_pupil_invitation(kind: str, pupil, today: datetime.date) -> None:
    if kind not in PUPIL_KINDS:
        raise DomainError("Для обучающегося приглашают его самого (с 14 лет) или родителя.", field="kind")
    if kind == Kind.PUPIL:
        if pupil.birth_date is None:
            raise DomainError("Свой кабинет получает обучающийся с 14 лет: укажите в карточке дату рождения "
                              "(она вносится с согласием законного представителя).", field="kind")
        age = age_on(pupil.birth_date, today)
        if age < MIN_PUPIL_AGE:
            raise DomainError(f"Обучающемуся {age} лет: до 14 лет своей учётной записи нет, его сведения видит "
                              "родитель. Выдайте приглашение родителю.", field="kind")
        if not pupil_services.has_active_consent(pupil):
            raise DomainError("Нет действующего согласия на обработку персональных данных: сначала его даёт "
                              "законный представитель (приглашение родителю).", field="kind")


@transaction.atomic
def invitation_issue(*, actor, kind: str, pupil=None, contract=None,
                     today: datetime.date | None = None) -> tuple[Invitation, str]:
    """A new one-time code for the record; earlier unused codes of the same kind for it are revoked. The code is
    returned once, for the printed sheet: only its hash is stored."""
    today = today or timezone.localdate()
    if (pupil is None) == (contract is None):
        raise ValueError("an invitation is for a pupil or for a contract")
    if pupil is not None:
        _check_pupil_invitation(kind, pupil, today)
        record = pupil
    else:
        if contract.state in NOT_INVITED_STATES:
            raise DomainError(f"Договор в состоянии «{contract.get_state_display()}»: приглашение выдаётся по "
                              "заключённому действующему договору.")
        kind = contract_kind(contract)
        record = contract
    now = timezone.now()
    earlier = Invitation.objects.filter(kind=kind, pupil=pupil, contract=contract, used_at__isnull=True,
                                        revoked_at__isnull=True)
    revoked = earlier.update(revoked_at=now)
    code = _new_code()
    invitation = Invitation.objects.create(
        kind=kind, pupil=pupil, contract=contract, code_hash=code_hash(code), issued_by=actor,
        expires_at=now + datetime.timedelta(days=settings.CABINET_INVITATION_DAYS))
    changes = {"Приглашение в личный кабинет": [None, f"{invitation.get_kind_display()}, № {invitation.pk}, "
                                                      f"действует до {timezone.localtime(invitation.expires_at):%d.%m.%Y}"]}
    if revoked:
        changes["Отменены прежние неиспользованные коды"] = [None, revoked]
    audit.record(actor=actor, action="cabinet.invitation.invited", instance=record, changes=changes)
    return invitation, code


def mask_email(email: str) -> str:
    """«ivanova.olga@mail.ru» → «iv***@mail.ru»: enough for the log to say where a letter went, not the address."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}***@{domain}"


def invitation_email(*, actor, invitation: Invitation, code: str, email: str, join_url: str) -> None:
    """The code of a just-issued invitation sent by e-mail through Django's mail backend (the console in development,
    SMTP when EMAIL_HOST is set). The address is not kept: the log says a letter went and to which masked address."""
    email = email.strip()
    whom = (f"родителя (законного представителя) обучающегося {invitation.pupil.full_name}"
            if invitation.kind == Kind.PARENT else invitation.get_kind_display().lower())
    expires = timezone.localtime(invitation.expires_at)
    body = (f"Здравствуйте!\n\nВам выдано приглашение в личный кабинет «Ориентир» для {whom}.\n\n"
            f"Код приглашения: {code}\nОн действует до {expires:%d.%m.%Y %H:%M} и только один раз.\n\n"
            f"1. Откройте {join_url}?code={code} (или {join_url} и введите код).\n"
            "2. Придумайте имя пользователя и пароль (не менее 10 символов).\n"
            "3. Дальше входите в личный кабинет с этим именем и паролем.\n\n"
            "Не пересылайте это письмо и код другим людям. Если вы не ждали приглашения, просто удалите письмо.\n\n"
            f"Выдал: {actor.get_full_name()}.\n")
    try:
        send_mail("Приглашение в личный кабинет «Ориентир»", body, None, [email], fail_silently=False)
    except Exception as exc:  # SMTP refused or unreachable: the printed code still works
        raise DomainError("Письмо не отправлено: почтовый сервер не принял его. Передайте код на распечатанном "
                          "листке.") from exc
    audit.record(actor=actor, action="cabinet.invitation.emailed", instance=invitation,
                 changes={"Код отправлен по электронной почте": [None, mask_email(email)]})


def _usable(code: str) -> Invitation:
    """The invitation the code opens, locked for this transaction; one refusal for every reason, so that a code
    cannot be probed for being used rather than wrong."""
    if not normalise(code) or len(normalise(code)) != CODE_LENGTH:
        raise DomainError(REFUSED, field="code")
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("pupil", "contract")
                  .filter(code_hash=code_hash(code)).first())
    if (invitation is None or invitation.used_at or invitation.revoked_at
            or invitation.expires_at <= timezone.now()):
        raise DomainError(REFUSED, field="code")
    return invitation


def _link(account: Account, invitation: Invitation) -> Link:
    link, _ = Link.objects.get_or_create(account=account, pupil=invitation.pupil, contract=invitation.contract)
    return link


def _use(invitation: Invitation, account: Account) -> None:
    invitation.used_at = timezone.now()
    invitation.account = account
    invitation.save(update_fields=["used_at", "account"])


@transaction.atomic
def join(*, code: str, username: str, password: str, last_name: str = "", first_name: str = "",
         middle_name: str = "", email: str = "") -> User:
    """A person's account made from an invitation: the code is used up, the record linked, the password set."""
    invitation = _usable(code)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("Это имя пользователя уже занято: придумайте другое.", field="username")
    if invitation.kind == Kind.PUPIL:
        p = invitation.pupil
        last_name, first_name, middle_name = p.last_name, p.first_name, p.middle_name
    elif invitation.kind in CONTRACT_KINDS:
        c = invitation.contract
        last_name, first_name, middle_name = c.last_name, c.first_name, c.middle_name
    elif not (last_name.strip() and first_name.strip()):
        raise DomainError("Укажите фамилию и имя: они будут стоять в согласии, которое вы дадите.",
                          field="last_name")
    user = User(username=username, role=CABINET_ROLE, last_name=last_name.strip(), first_name=first_name.strip(),
                middle_name=middle_name.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    user.save()
    account = Account.objects.create(user=user, kind=invitation.kind)
    _link(account, invitation)
    _use(invitation, account)
    record = invitation.pupil or invitation.contract
    audit.record(actor=user, action="cabinet.account.joined", instance=record,
                 changes={"Личный кабинет": [None, f"{account.get_kind_display()}: учётная запись {user.username}, "
                                                   f"приглашение № {invitation.pk}"]})
    return user


@transaction.atomic
def link_more(*, user, code: str) -> Link:
    """One more record for an existing account: a parent's second child (a parent's code only)."""
    account = Account.objects.get(user=user)
    invitation = _usable(code)
    if account.kind != Kind.PARENT or invitation.kind != Kind.PARENT:
        raise DomainError("Добавить по коду можно только ребёнка в кабинет родителя, по коду для родителя.",
                          field="code")
    link = _link(account, invitation)
    _use(invitation, account)
    audit.record(actor=user, action="cabinet.account.linked", instance=invitation.pupil,
                 changes={"Личный кабинет": [None, f"родитель {user.get_full_name()}, приглашение № {invitation.pk}"]})
    return link


# --- Consent from the cabinet ---------------------------------------------------------------------------------

def may_consent(account: Account, pupil, today: datetime.date) -> bool:
    """A parent consents for their child; a pupil only for themselves from 18 (152-ФЗ, ст. 9)."""
    if account.kind == Kind.PARENT:
        return True
    return (account.kind == Kind.PUPIL and pupil.birth_date is not None
            and age_on(pupil.birth_date, today) >= ADULT_AGE)


def consent_give(*, user, pupil, today: datetime.date | None = None):
    """The consent given in the cabinet: dated today, in the name of the account's holder, through the pupils
    service (which writes the pupil's log). In production the sign-in through ЕСИА confirms who gave it."""
    today = today or timezone.localdate()
    account = Account.objects.get(user=user)
    if not may_consent(account, pupil, today):
        raise DomainError("Согласие за несовершеннолетнего даёт родитель (законный представитель).")
    if pupil_services.has_active_consent(pupil):
        raise DomainError("Согласие уже действует.")
    given_by = Consent.GivenBy.REPRESENTATIVE if account.kind == Kind.PARENT else Consent.GivenBy.PUPIL
    return pupil_services.pupil_update(
        actor=user, pupil=pupil, data={}, expected_version=pupil.version,
        consent={"given_by": given_by, "given_by_name": user.get_full_name(), "given_on": today,
                 "document_ref": f"Дано в личном кабинете (учётная запись {user.username})"})


def consent_withdraw(*, user, pupil, reason: str = "", today: datetime.date | None = None):
    """The same withdrawal as an official's: the consent is closed and everything under it erased at once."""
    today = today or timezone.localdate()
    account = Account.objects.get(user=user)
    if not may_consent(account, pupil, today):
        raise DomainError("Отозвать согласие за несовершеннолетнего может родитель (законный представитель).")
    return pupil_services.consent_withdraw(actor=user, pupil=pupil, on=today,
                                              reason=reason or "Отозвано в личном кабинете")
