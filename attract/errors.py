class DomainError(Exception):
    """A rule of the domain refused an action; the message is meant for the person who tried it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Somebody else changed the row since the form was shown."""
