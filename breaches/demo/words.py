"""The demo register's volumes and its words: sources and natures with their weights,
summaries, reasons, containment, remedial actions and lessons to choose from."""

from __future__ import annotations

from datetime import date

from breaches.vocabularies import (
    Nature,
    Source,
)

FIRST_MONTH = date(2019, 1, 1)
#: Breaches a month at scale 1 (the model customer records about 250 a year), and the
#: floor at any scale so every month of a small demo still has some.
PER_MONTH = 22
MIN_PER_MONTH = 4

SOURCES = [(Source.INTERNAL, 72), (Source.EXTERNAL, 13), (Source.THIRD_PARTY, 15)]
NATURES = [
    (Nature.MISDIRECTED_EMAIL, 30),
    (Nature.MISDIRECTED_POST, 14),
    (Nature.UNAUTHORISED_DISCLOSURE, 12),
    (Nature.UNAUTHORISED_ACCESS, 9),
    (Nature.LOST_OR_STOLEN_PAPERWORK, 8),
    (Nature.SYSTEM_ERROR, 8),
    (Nature.LOST_OR_STOLEN_DEVICE, 6),
    (Nature.INSECURE_DISPOSAL, 4),
    (Nature.CYBER_INCIDENT, 3),
    (Nature.OTHER, 6),
]
SUMMARIES = {
    Nature.MISDIRECTED_EMAIL: [
        "A witness statement was emailed to the wrong defence solicitor.",
        "A victim update was sent to a former address held for a different person.",
        "An email with a custody record attached went to an external address with a similar name.",
        "A spreadsheet of stop and search records was sent to the wrong partner agency.",
    ],
    Nature.MISDIRECTED_POST: [
        "A subject access response was posted to the requester's previous address.",
        "A letter about a firearms licence was put in the envelope for another applicant.",
        "Court papers were sent to a neighbour with the same house number on a different street.",
    ],
    Nature.UNAUTHORISED_DISCLOSURE: [
        "An officer discussed details of an investigation on social media.",
        "A disclosure pack included unredacted details of a third party.",
        "Personal details of a witness were read out in an open meeting.",
    ],
    Nature.UNAUTHORISED_ACCESS: [
        "A member of staff looked up a neighbour on the crime recording system.",
        "An audit found repeated searches of a relative's intelligence record.",
        "A contractor's account was used to view custody images with no business need.",
    ],
    Nature.LOST_OR_STOLEN_PAPERWORK: [
        "A pocket notebook was lost on public transport.",
        "A file of case papers was left in a café and handed in by the public.",
        "Interview notes were taken from an unlocked vehicle.",
    ],
    Nature.LOST_OR_STOLEN_DEVICE: [
        "An encrypted laptop was stolen from a parked car.",
        "A body-worn video camera was lost during a public order event.",
        "A work mobile phone was left on a train.",
    ],
    Nature.CYBER_INCIDENT: [
        "A phishing email led to one mailbox being accessed from abroad.",
        "Ransomware on a partner's system made shared records unavailable for two days.",
    ],
    Nature.INSECURE_DISPOSAL: [
        "Confidential waste bags were found in a general waste skip.",
        "A decommissioned hard drive was sold on without being wiped.",
    ],
    Nature.SYSTEM_ERROR: [
        "A records system update merged the entries of two people with the same name.",
        "An automated report included addresses that should have been suppressed.",
        "A web form exposed other people's uploaded documents for a short time.",
    ],
    Nature.OTHER: [
        "A whiteboard with victim details was visible through a front-office window.",
        "A conversation about a case was overheard in a public area.",
    ],
}
HOW_DISCOVERED = {
    Source.INTERNAL: [
        "Reported by the member of staff who made the mistake.",
        "Found during a routine audit of system access.",
        "Noticed by a colleague checking the case file.",
    ],
    Source.EXTERNAL: [
        "The recipient telephoned the force to say they had received it.",
        "A member of the public handed the item in at a front counter.",
        "Raised in a complaint by the person affected.",
    ],
    Source.THIRD_PARTY: [
        "The processor notified the force under the contract's breach clause.",
        "The partner agency reported it through the information-sharing agreement.",
    ],
}
REPORTERS_OUTSIDE = {
    Source.EXTERNAL: ["A member of the public", "The person affected", "A solicitor's office"],
    Source.THIRD_PARTY: [
        "Records management supplier",
        "Local authority safeguarding team",
        "Crown Prosecution Service",
        "IT managed service provider",
    ],
}
DATA_CATEGORIES = [
    "Names, addresses and dates of birth",
    "Witness statement and contact details",
    "Custody record, including health information",
    "Criminal offence data and intelligence",
    "Victim details, including a safeguarding referral",
    "Names and telephone numbers",
    "Vetting information and references",
]
DECISION_REASONS_REPORT = [
    "Special category data was disclosed to someone with no right to it; harm to the people "
    "concerned is likely. Report to the ICO.",
    "Criminal offence data reached an unknown recipient and could not be recovered: a risk "
    "to the rights and freedoms of the people concerned. Report.",
    "The number of people affected and the sensitivity of the data mean the risk cannot be "
    "ruled out. Report to the ICO.",
]
DECISION_REASONS_NOT = [
    "The recipient is a partner agency bound by confidentiality and confirmed deletion the "
    "same day; no risk to the people concerned.",
    "The item was recovered unopened within hours; unlikely to result in a risk.",
    "The device was encrypted and wiped remotely; the data was not accessible.",
    "Only business contact details were involved; no risk to anyone's rights.",
    "Recalled before it was opened (confirmed by the mail system); no risk.",
]
LATE_REASONS = [
    "The number of people affected only became clear after the supplier's investigation "
    "on the fourth day.",
    "The report waited for the partner organisation's account of what happened, which came "
    "after the deadline.",
    "The breach was first logged as a complaint and reached the Data Office two days late; "
    "the triage route has been changed.",
    "The DPO and the deputy were both away; cover arrangements have been put in place.",
]
NOT_TOLD_REASONS = [
    "Telling them would prejudice an ongoing investigation (DPA 2018 s.68(7)).",
    "The data was recovered and deleted, so the risk to them was removed (Art. 34(3)(b)).",
    "No current contact details are held; a public notice would be disproportionate.",
]
CONTAINMENT = {
    Nature.MISDIRECTED_EMAIL: "Ask the recipient to delete the email and confirm in writing.",
    Nature.MISDIRECTED_POST: "Recover the letter from the recipient.",
    Nature.UNAUTHORISED_DISCLOSURE: "Have the post or the document taken down and withdrawn.",
    Nature.UNAUTHORISED_ACCESS: "Suspend the user's access to the system pending investigation.",
    Nature.LOST_OR_STOLEN_PAPERWORK: "Search the route and report the loss to lost property.",
    Nature.LOST_OR_STOLEN_DEVICE: "Wipe the device remotely and revoke its certificates.",
    Nature.CYBER_INCIDENT: "Reset the credentials and block the sign-in locations.",
    Nature.INSECURE_DISPOSAL: "Recover the material and secure the waste area.",
    Nature.SYSTEM_ERROR: "Take the affected feature offline and correct the records.",
    Nature.OTHER: "Remove the information from view.",
}
REMEDIAL = [
    "Refresher training on checking recipients for the team.",
    "Turn on delayed sending and address-book warnings for external email.",
    "Review the disclosure redaction checklist with the business area.",
    "Add the incident to the information assurance audit plan.",
    "Update the records-handling procedure and brief all staff.",
    "Ask the supplier for evidence of the fix and test it.",
]
LESSONS = [
    "Check every recipient before sending; the team now uses a second-person check for "
    "external disclosures.",
    "The procedure was unclear on who checks redactions; it now names the role.",
    "Alerts on unusual searches found this quickly; keep the audit schedule.",
    "The supplier's notification came promptly under the contract; no change needed.",
    "Paper files leave the building only in locked cases; reminder issued.",
]
