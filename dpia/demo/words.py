"""The demo pipeline's volumes and its words: titles, partners, risks, advice,
conditions and outcomes to choose from."""

from datetime import date

FIRST_MONTH = date(2019, 1, 1)
PER_MONTH = 27
MIN_PER_MONTH = 3

DPIA_TITLES = [
    "Body-worn video cloud storage",
    "Automatic number plate recognition camera upgrade",
    "Digital evidence management system",
    "Mobile fingerprint scanners",
    "Domestic abuse risk assessment tool",
    "Drone use for missing person searches",
    "Custody healthcare records system",
    "Online crime reporting portal",
    "Retrospective facial recognition trial",
    "Staff wellbeing survey platform",
    "Case file redaction software",
    "Live chat for the contact centre",
    "Predictive demand modelling",
    "Vetting case management system",
    "CCTV in the new custody suite",
]
DSA_TITLES = [
    "Multi-agency safeguarding hub",
    "Sharing with the local authority for troubled families",
    "Road traffic collision data with the highways authority",
    "Offender management with the probation service",
    "Hospital emergency department assault data",
    "Youth offending team referrals",
    "Fire and rescue service home safety visits",
]
PARTNERS = [
    "County Council; District Council",
    "NHS Foundation Trust",
    "Probation Service",
    "Fire and Rescue Service",
    "Youth Offending Service; County Council",
    "Highways Authority",
]
LAWFUL_BASES = [
    "DPA 2018 Part 3, s.35(2)(b): necessary for a law enforcement purpose.",
    "UK GDPR Art. 6(1)(e) public task; Art. 9(2)(g) substantial public interest "
    "(DPA 2018 Sch 1 para 18, safeguarding).",
    "UK GDPR Art. 6(1)(e) public task; Crime and Disorder Act 1998 s.115.",
]
RISKS = [
    "Access by staff with no business need",
    "Retention beyond what the purpose needs",
    "Inaccurate matching leads to action against the wrong person",
    "Supplier staff outside the UK can reach the data",
    "People are not told how their data is used",
    "Special-category data disclosed to a partner without a lawful basis",
    "Loss of the data in transit",
]
MITIGATIONS = [
    "Role-based access and quarterly audits of searches.",
    "Automatic deletion after the retention period, checked monthly.",
    "Human review of every match before action.",
    "Contractual clauses and UK-only support, tested before go-live.",
    "Privacy notice updated and published on the website.",
    "Encrypted transfer only; no email attachments.",
]
ADVICE = [
    "The processing is necessary and proportionate; the mitigations reduce the risks to "
    "an acceptable level.",
    "Proceed once the retention schedule is agreed with the information asset owner.",
    "The lawful basis is sound; keep the audit of access under review.",
    "The risk of inaccurate matching is not yet controlled; do not proceed as designed.",
]
CONDITIONS = [
    "Publish the updated privacy notice before go-live.",
    "Complete the access audit after the first three months.",
    "Agree the retention schedule with the records manager.",
    "Sign the supplier's data processing agreement.",
    "Train every user before their account is enabled.",
]
CHANGES_ADVICE = [
    "Describe the data flows to the supplier and how long each copy is kept.",
    "Add the risk of staff misuse and the controls on it.",
    "The lawful basis for sharing health data needs more detail.",
]
CONSULTATION_OUTCOMES = [
    "The ICO had no objection, given the additional controls described.",
    "The ICO advised narrowing the data collected; the change has been made.",
]
