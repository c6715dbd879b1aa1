# ruff: noqa: I001  (the order below is deliberate: see the last paragraph)
"""Rights Desk settings, configured from the environment: one package, one module a concern.

`DJANGO_SETTINGS_MODULE=config.settings` names this package; Django reads every
UPPERCASE name imported below. Defaults suit a developer laptop (SQLite, Celery tasks run
in-process, local-memory cache). `DJANGO_ENV=production` switches on production
behaviour and refuses to start with the development secret. See `.env.example` for every
variable.

Where a setting goes (a new one goes beside its kind; read it through `env` from
`environment`, never `os.environ`):

- `environment` - the environment reader `env` (and `.env`), BASE_DIR, DJANGO_ENV and
  PRODUCTION. Nothing else reads the environment directly.
- `base` - Django itself: DEBUG, ALLOWED_HOSTS, INSTALLED_APPS, MIDDLEWARE, URLs,
  TEMPLATES, the form renderer, language and time zone.
- `database` - DATABASES (DATABASE_URL) and the default primary key.
- `auth` - the user model, authentication backends, password hashing and validation,
  sign-in lock-outs (AXES_*), sign-in/out pages, LOCAL_PASSWORD_SIGN_IN, whom to ask for
  access, account lifecycle (ACCOUNT_INACTIVE_*).
- `oidc` - single sign-on over OpenID Connect (OIDC_*).
- `security` - SECRET_KEY, sessions, CSRF, trusted proxies, two-factor (TWO_FACTOR_*,
  OTP_*), API token lifetime, security headers, the Content-Security-Policy, and the
  HTTPS-only settings production turns on.
- `production` - what a production run refuses to start with (no settings of its own).
- `cache` - CACHES (REDIS_URL), cache timeouts, /healthz timeouts, the rate-limit cache.
- `tasks` - Celery (CELERY_*), CELERY_BEAT_SCHEDULE (every periodic job, and only here),
  and when exports and imports run as background jobs.
- `api` - REST_FRAMEWORK (throttle rates included) and SPECTACULAR_SETTINGS.
- `casework` - the case apps' rules: statutory calendars and limits, timeliness targets,
  DPIA triage, retention of requesters' data (RETENTION_*), data requests to business
  areas (DATA_REQUEST_*), and the refusals of values that make no sense.
- `email` - EMAIL_* and DEFAULT_FROM_EMAIL, SITE_URL (the address emails link to),
  GOV.UK Notify (NOTIFY_*).
- `storage` - static files, STORAGES (static, jobs, documents: local or S3), the job and
  document directories, upload limits and the virus scan (CLAMD_*).
- `logging` - LOGGING.
- `service` - the pages a public-sector service must have: organisation name, feedback,
  DPO and accessibility contacts.
- `intake` - requests made online (INTAKE_*): routing, spam limits, links, retention.

The order below matters only where one module reads another's values (each imports
what it reads) and for which refusal a doubly-misconfigured start reports first.
"""

from .environment import *  # noqa: F403
from .base import *  # noqa: F403
from .database import *  # noqa: F403
from .auth import *  # noqa: F403
from .oidc import *  # noqa: F403
from .security import *  # noqa: F403
from . import production  # noqa: F401  (refusals only)
from .cache import *  # noqa: F403
from .tasks import *  # noqa: F403
from .api import *  # noqa: F403
from .casework import *  # noqa: F403
from .email import *  # noqa: F403
from .logging import *  # noqa: F403
from .storage import *  # noqa: F403
from .service import *  # noqa: F403
from .intake import *  # noqa: F403
