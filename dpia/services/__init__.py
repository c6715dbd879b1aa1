"""Every write that means something to an assessment (the package splits it by action family)."""

from .review import *  # noqa: F403
