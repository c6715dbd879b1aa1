"""Existing installations: the refusal notice's shipped wording gains a reason under each
exemption (FOIA s.17(1)(c) and s.17(3); EIR reg 14(3)). Where the template is still at the
wording shipped before (untouched by the DPO), that wording's successor is added as a new
version; an edited template is left alone (the DPO adds {{ exemption.reason }} by hand:
issue_letter refuses a refusal notice whose wording drops a reason). The texts are copied
here, not read from casefile/letter_templates, so this migration never changes meaning."""

from django.db import migrations

SUBJECT = "Your request {{ reference }}: our response"

BEFORE = 'Dear {{ requester_name|default:"requester" }}\n\nYour reference: {{ reference }}\n\nWe have considered your request, which we received on {{ received_on }}, under {{ law }}.\n\n{% if is_neither_confirm_nor_deny %}We can neither confirm nor deny whether we hold the information you asked for. To say whether we hold it would itself reveal information that is exempt from disclosure{% if is_foi %} (section 17(4) of the Freedom of Information Act 2000 does not require us to say more than this where saying more would itself disclose exempt information){% endif %}.{% else %}We are withholding {% if is_eir %}the information under the following exceptions{% else %}the information under the following exemptions{% endif %}.{% endif %}\n\n{% for exemption in exemptions %}- {{ exemption.label }}. {{ exemption.public_interest }}\n{% endfor %}\nWhy {% if is_eir %}the exceptions apply{% else %}the exemptions apply{% endif %}{% if has_qualified_exemption %} and how we weighed the public interest{% endif %}:\n\n{{ details }}\n\n{% if is_foi %}This letter is a refusal notice under section 17 of the Freedom of Information Act 2000.{% elif is_eir %}This letter is a refusal notice under regulation 14 of the Environmental Information Regulations 2004.{% endif %}\n\nYour right to an internal review\n{{ internal_review_rights }}\n\nYour right to complain to the Information Commissioner\n{{ ico_rights }}\n\nYours sincerely\n\n{{ signed_by }}\n{{ organisation }}\n'

AFTER = 'Dear {{ requester_name|default:"requester" }}\n\nYour reference: {{ reference }}\n\nWe have considered your request, which we received on {{ received_on }}, under {{ law }}.\n\n{% if is_neither_confirm_nor_deny %}We can neither confirm nor deny whether we hold the information you asked for. To say whether we hold it would itself reveal information that is exempt from disclosure{% if is_foi %} (section 17(4) of the Freedom of Information Act 2000 does not require us to say more than this where saying more would itself disclose exempt information){% endif %}.{% else %}We are withholding {% if is_eir %}the information under the following exceptions{% else %}the information under the following exemptions{% endif %}.{% endif %}\n\n{% for exemption in exemptions %}{{ exemption.label }}\n{{ exemption.public_interest }}\n{% if exemption.reason %}Why it applies{% if exemption.qualified %}, and how we weighed the public interest{% endif %}: {{ exemption.reason }}\n{% endif %}\n{% endfor %}\n{% if details %}{{ details }}\n{% endif %}\n{% if is_foi %}This letter is a refusal notice under section 17 of the Freedom of Information Act 2000.{% elif is_eir %}This letter is a refusal notice under regulation 14 of the Environmental Information Regulations 2004.{% endif %}\n\nYour right to an internal review\n{{ internal_review_rights }}\n\nYour right to complain to the Information Commissioner\n{{ ico_rights }}\n\nYours sincerely\n\n{{ signed_by }}\n{{ organisation }}\n'


def add_reasons_wording(apps, schema_editor):
    LetterTemplate = apps.get_model("casefile", "LetterTemplate")
    LetterTemplateVersion = apps.get_model("casefile", "LetterTemplateVersion")
    template = LetterTemplate.objects.filter(key="refusal_notice").first()
    if template is None:
        return  # loaded with the new wording on first use
    latest = LetterTemplateVersion.objects.filter(template=template).order_by("-number").first()
    if latest is None or latest.body.strip() != BEFORE.strip() or latest.subject != SUBJECT:
        return
    LetterTemplateVersion.objects.create(
        template=template,
        number=latest.number + 1,
        subject=SUBJECT,
        body=AFTER,
        change_note=(
            "Shipped wording: the reason for each exemption under it (FOIA s.17(1)(c) "
            "and s.17(3); EIR reg 14(3))."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("casefile", "0004_outbox_business_area_emails")]

    operations = [migrations.RunPython(add_reasons_wording, migrations.RunPython.noop)]
