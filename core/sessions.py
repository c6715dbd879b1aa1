"""Database sessions whose idle window is renewed at most once a minute.

Signed-in sessions end after SESSION_COOKIE_AGE of inactivity, and with
SESSION_SAVE_EVERY_REQUEST every request renews the window by writing the session row:
an UPDATE and a COMMIT, which waits for the write-ahead log to reach the disk (8 ms and
more on a busy machine), on every page a signed-in user opens, even one that only reads.
Under load those commits were what signed-in pages queued behind (issue 19).

This store writes an unchanged session only when doing so moves its expiry on by more
than RENEW_AFTER; a changed session (sign-in, a message, a new CSRF token) is written at
once as before. A session therefore ends between SESSION_COOKIE_AGE − RENEW_AFTER and
SESSION_COOKIE_AGE after the user's last request, never later.

Configured by SESSION_ENGINE = "core.sessions".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

#: An unchanged session is written when that moves its expiry on by more than this.
RENEW_AFTER = timedelta(seconds=60)


class SessionStore(DatabaseSessionStore):
    #: The expiry stored in the database when the session was read (None: not read, or
    #: no such session).
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        stored = self._stored_expiry
        unchanged = not must_create and not self.modified and stored is not None
        if unchanged and stored is not None and self.get_expiry_date() - stored <= RENEW_AFTER:
            return
        super().save(must_create=must_create)
        self._stored_expiry = self.get_expiry_date()
