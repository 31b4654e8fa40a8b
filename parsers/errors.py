"""The one exception the cleaners raise: a document that cannot be read, and why."""


class ParseFailure(Exception):
    """status is failed, needs-ocr or unsupported; the message is stored on the document."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
