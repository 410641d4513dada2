"""What the students app records when the contract page moves a contract (contracts.services.after_move).

«Трудоустроен» set on the contract's lifecycle page opens the employment record at the contract's place of work,
so the employment monitoring (3.3) and the years worked count the same people whichever page was used.
"""

from orientir.contracts.models import State
from orientir.contracts.services import after_move
from orientir.core import audit

from .models import Employment


def open_employment(contract, event) -> None:
    if contract.employments.filter(dismissed_on__isnull=True).exists():
        return  # recorded on the student's card, which made this move
    if not contract.work_organisation_id:
        return  # no place of work in the contract: the card's employment form names it
    Employment.objects.create(contract=contract, organisation_id=contract.work_organisation_id,
                              position_id=contract.work_position_id, started_on=event.on,
                              order_number=str((event.details or {}).get("order", ""))[:60])
    audit.record(actor=event.actor, action="students.employment.employment_recorded", instance=contract,
                 changes={"Организация": [None, str(contract.work_organisation)],
                          "Дата трудоустройства": [None, f"{event.on:%d.%m.%Y}"]})


after_move(State.EMPLOYED, open_employment)
