"""A small hierarchy of errors whose messages a learner can act on.

Every error carries a ``code`` (stable, for programs), the lesson that explains it, and
renders itself in the learner's language: what is wrong, how to fix it, where to read more.
No message ever holds a key: values that might be secret are masked before they get here.
"""

from __future__ import annotations

from .i18n import get_language, t
from .lessons import lesson_label


class TutorialError(Exception):
    """Root of every error the tutorial raises on purpose."""

    default_lesson = "00-empieza-aqui"

    def __init__(
        self, code: str, *, lesson: str | None = None, lang: str | None = None, **fmt: object
    ) -> None:
        self.code = code
        self.lesson = lesson or self.default_lesson
        self.lang = lang or get_language()
        self.fmt = fmt
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """What went wrong, in the learner's language."""
        return t(f"{self.code}.message", self.lang, **self.fmt)

    @property
    def fix(self) -> str:
        """What to do about it, in the learner's language."""
        return t(f"{self.code}.fix", self.lang, **self.fmt)

    def __str__(self) -> str:
        see = t("common.see_lesson", self.lang, lesson=lesson_label(self.lesson, self.lang))
        return f"{self.message} {self.fix} {see}"

    def in_language(self, lang: str) -> str:
        """The whole text (what, fix, where to read more) in ``lang``."""
        see = t("common.see_lesson", lang, lesson=lesson_label(self.lesson, lang))
        return f"{t(f'{self.code}.message', lang, **self.fmt)} {t(f'{self.code}.fix', lang, **self.fmt)} {see}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, lesson={self.lesson!r})"


class InvalidAppName(TutorialError, ValueError):
    """What was typed is not an application name."""

    default_lesson = "01-nombre-de-la-aplicacion"


class InvalidKey(TutorialError, ValueError):
    """What was typed is not an API key we can use."""

    default_lesson = "05-claves-actuales"


class UnsafeDestination(TutorialError, ValueError):
    """A key would travel somewhere other than Keap over HTTPS or the local sandbox."""

    default_lesson = "06-prueba-en-vivo"


class CredentialsFileError(TutorialError, OSError):
    """The credentials file cannot be read or written as asked."""

    default_lesson = "07-guardar-credenciales"


class SandboxError(TutorialError, RuntimeError):
    """The local sandbox cannot do what was asked."""

    default_lesson = "09-laboratorio-de-errores"


class RequestFailed(TutorialError):
    """A request brought back no usable answer; ``cause`` names why (see ``result.fail``)."""

    default_lesson = "09-laboratorio-de-errores"

    def __init__(self, cause: str, *, lang: str | None = None, **fmt: object) -> None:
        self.cause = cause
        super().__init__(f"cause.{cause}", lang=lang, **fmt)
