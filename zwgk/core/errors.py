"""The one base class of every business error; interfaces show its message to the user."""


class DomainError(Exception):
    """A refused business action. `message` is already in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class TransitionError(DomainError):
    """A workflow move that the workflow's TRANSITIONS table does not allow."""


class PermissionDeniedError(DomainError):
    """The actor may not do this."""
