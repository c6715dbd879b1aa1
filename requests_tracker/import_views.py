"""The DPO's legacy-import page: the same all-or-nothing import as import_requests."""

import io

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from accounts.models import Role
from core.policy import roles_required

from . import legacy

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="In the format described in the guidance below."
    )
    dry_run = forms.BooleanField(
        required=False, label="Check the file only; do not import anything"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 200 MB; split it into parts.")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (ending .csv).")
        return upload


@roles_required(Role.DPO, Role.ADMIN)
def import_requests(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report: list[legacy.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        try:
            text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
            result = legacy.import_file(text, dry_run=dry_run, actor=request.user)
        except UnicodeDecodeError:
            form.add_error(
                "file", "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
            )
        except legacy.ImportRefused as refused:
            report = refused.errors
            form.add_error(
                "file", f"{len(report)} problems found; nothing was imported. See the list below."
            )
        else:
            verb = "The file is valid: it would import" if dry_run else "Imported"
            messages.success(
                request,
                f"{verb} {result.imported} requests; {result.skipped_existing} were imported before and skipped.",
            )
            return redirect("requests-import")
    return render(
        request,
        "requests_tracker/import.html",
        {"form": form, "report": report[:500], "more": max(len(report) - 500, 0)},
    )
