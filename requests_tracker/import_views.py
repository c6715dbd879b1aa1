"""The DPO's legacy-import page: the same all-or-nothing import as import_requests.

The upload is saved to job storage first. A small file is imported while the page
waits; a larger one (over IMPORT_ASYNC_BYTES) by a background job whose page shows its
progress, so no upload ever meets the web server's request timeout."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from core import policy
from core.models import Job
from core.policy import roles_required

from . import imports, legacy

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="In the format described in the guidance below.",
        widget=forms.FileInput(attrs={"accept": ".csv"}),
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


@roles_required(*policy.ALL_UNITS)
def import_requests(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report: list[legacy.RowError] = []
    more = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        background = upload.size > settings.IMPORT_ASYNC_BYTES
        job = imports.queue_import(
            user=request.user,
            upload=upload,
            dry_run=form.cleaned_data["dry_run"],
            background=background,
        )
        if background:
            return redirect("job", pk=job.pk)
        imports.run_import(job.pk)
        job.refresh_from_db()
        if job.status == Job.Status.DONE:
            messages.success(request, job.result["message"])
            return redirect("requests-import")
        form.add_error("file", job.error)
        report = [legacy.RowError(*error) for error in job.result.get("errors", [])]
        more = job.result.get("more", 0)
    return render(
        request,
        "requests_tracker/import.html",
        {"form": form, "report": report, "more": more},
    )
