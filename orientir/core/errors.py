"""Domain errors: a rule was broken; the message is Russian and shown to the user as is."""


class DomainError(Exception):
    """A business rule refused the operation; `field` names the form field when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleObjectError(DomainError):
    """Someone else saved the record after it was opened: refuse instead of overwriting."""

    def __init__(self):
        super().__init__(
            "Запись уже изменил другой пользователь, пока вы её редактировали. "
            "Откройте её заново и повторите изменения."
        )
