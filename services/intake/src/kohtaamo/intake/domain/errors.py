class IntakeError(Exception):
    """A command that the domain refuses."""


class AlreadyRegistered(IntakeError):
    def __init__(self, client_id: object) -> None:
        super().__init__(f"this person is already a client: {client_id}")
        self.client_id = client_id
