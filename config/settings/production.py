"""What a production run (DJANGO_ENV=production) refuses to start with.

Imported by the package right after `security`, so these refusals come first, as they
did when the settings were one module. The statutory values' own refusals are beside
them in `casework`.
"""

from django.core.exceptions import ImproperlyConfigured

from .environment import PRODUCTION
from .security import DEVELOPMENT_SECRET_KEY, SECRET_KEY, TWO_FACTOR_RELAXED_FOR_DEMO_USERS

if PRODUCTION and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs SECRET_KEY set to a long random value "
        "(50+ characters), not the development default."
    )
if PRODUCTION and TWO_FACTOR_RELAXED_FOR_DEMO_USERS:
    raise ImproperlyConfigured("TWO_FACTOR_RELAXED_FOR_DEMO_USERS is for `make run` only.")
