from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services
from .forms import PreferencesForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            wants = form.cleaned_data["wants_digest"] == "yes"
            services.set_digest_preference(user=request.user, wants_digest=wants)
            messages.success(
                request,
                "You will get the reminder email each working morning."
                if wants
                else "You will not get the reminder email.",
            )
            return redirect("accounts:preferences")
    else:
        form = PreferencesForm(
            initial={"wants_digest": "yes" if request.user.wants_digest else "no"}
        )
    return render(
        request,
        "accounts/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
