"""The one place settings read the environment: `env`, and where the project lives.

Every other module here reads its variables through this `env` (django-environ), so the
`.env` file at the project root is read once, before any of them (real environment
variables win over it). `PRODUCTION` is what DJANGO_ENV=production switches on.
"""

from pathlib import Path

import environ

# config/settings/environment.py -> the project root.
BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
