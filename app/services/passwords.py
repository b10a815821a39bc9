"""What a staff password must be: at least MIN_PASSWORD_LENGTH characters, and not guessable.

Guessability is zxcvbn's estimate (Dropbox's algorithm; the package bundles the common-password
list of 30,000 leaked passwords, names and words, and spots keyboard walks, repeats, sequences and
dates): a score of MIN_STRENGTH (3 of 4, about 10^8 guesses) or more. The account's e-mail and the
site's own words count as known to the attacker. zxcvbn and its word lists (14 MB) are loaded on
the first password set, not in every worker that serves the public pages."""
from app.services.errors import N_, ServiceError

MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 3
MAX_CHECKED = 100  # zxcvbn's time grows with the length; a longer password is long enough
SITE_WORDS = ("buudien", "buu dien", "langson", "lang son", "vnpost", "admin", "quantri")


class PasswordError(ServiceError):
    """A new password that would be too easy to guess."""


def check_new_password(password: str, email: str = "") -> None:
    """Refuse a new password that is short or guessable (PasswordError says which)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(N_("Mật khẩu cần ít nhất %(n)s ký tự."), n=MIN_PASSWORD_LENGTH)
    from zxcvbn import zxcvbn

    known = [*SITE_WORDS, *filter(None, (email or "").lower().replace("@", " ").replace(".", " ").split())]
    if zxcvbn(password[:MAX_CHECKED], user_inputs=known)["score"] < MIN_STRENGTH:
        raise PasswordError(N_("Mật khẩu này quá dễ đoán (nằm trong danh sách mật khẩu hay dùng, "
                               "hoặc là một từ, một dãy phím, ngày tháng). Hãy dùng một câu dài "
                               "vài từ mà chỉ bạn biết."))
