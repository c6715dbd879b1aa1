"""The pages a UK public-sector service must have (core/templates/core/service/)."""

from datetime import date

from .environment import env

#: Who runs this installation, as the public should read it ("Example Police").
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="This organisation")
#: Where the beta banner's feedback link goes: a URL, or an email address (mailto:).
FEEDBACK_ADDRESS = env.str("FEEDBACK_ADDRESS", default="information.rights@example.org")
#: The Data Protection Officer's public contact, named in the privacy notice.
DPO_CONTACT_EMAIL = env.str("DPO_CONTACT_EMAIL", default="dpo@example.org")
#: Whom to tell about an accessibility problem, and when the statement was last reviewed.
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="information.rights@example.org"
)
ACCESSIBILITY_REVIEWED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_REVIEWED_ON", default="2026-12-01")
)
