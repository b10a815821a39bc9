"""Why a write was refused, said in the reader's language: services raise, views translate."""


def N_(template: str) -> str:
    """Mark a message for translation; the view that shows it translates it."""
    return template


class ServiceError(ValueError):
    """A write that cannot be done; `template` (Vietnamese, marked with N_) and `params` say why."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params)
