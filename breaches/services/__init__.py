"""Every write that means something to a breach (the package splits it by action family)."""

from .regulator import *  # noqa: F403
