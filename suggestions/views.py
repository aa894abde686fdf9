"""The public side: suggest a correction to a record, or a new listing.

Both forms are exempt from CSRF protection, on purpose. The public site sets
no cookie for an anonymous visitor (someone may be watched while looking for
help, and a cookie is a trace), and Django's CSRF protection needs one. It is
safe here because these are anonymous, unauthenticated, rate-limited,
moderated submissions that use no session: a forged cross-site request can do
nothing that a direct request could not, since neither carries any authority,
and nothing either sends changes a record until a staff member accepts it.

Each POST counts against a per-client rate limit (django-ratelimit, keyed on
the IP address; the cache holds only a hashed counter that expires with the
window, and the address is never stored with a suggestion). Responses are never cached, so a shared device's
back button does not bring back what someone typed.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from . import services
from .forms import HONEYPOT, CorrectionForm, ListingForm
from .models import ENTRY_KIND_LABELS, ENTRY_KINDS

DEFAULT_RATE = "5/h"
RATE_GROUP = "suggestions"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def suggestion_rate(group, request):
    """Submissions allowed per client, read at each request (``SUGGESTION_RATE``)."""
    return getattr(settings, "SUGGESTION_RATE", DEFAULT_RATE)


def retry_after(rate):
    """Seconds in the rate's window ("5/h" -> 3600; "10/5m" -> 300)."""
    match = re.fullmatch(r"\s*\d+/(\d*)([smhd])\w*\s*", rate or "")
    if not match:
        return 3600
    return int(match.group(1) or 1) * PERIODS[match.group(2)]


def rate_limited(request):
    response = render(request, "suggestions/rate_limited.html", status=429)
    response["Retry-After"] = str(retry_after(suggestion_rate(RATE_GROUP, request)))
    return response


def public_form(view):
    """The decorators both public forms share (see the module docstring)."""
    view = ratelimit(group=RATE_GROUP, key="ip", rate=suggestion_rate, method="POST", block=False)(view)
    view = require_http_methods(["GET", "HEAD", "POST"])(view)
    view = never_cache(view)
    return csrf_exempt(view)


def to_thanks():
    """POST-redirect-GET: 303 See Other, so a reload never sends the form again."""
    response = redirect("suggestions:thanks")
    response.status_code = 303
    return response


def handle(request, form, submit, template, context):
    """GET renders; POST checks the limit, the honeypot, the form, then stores and redirects."""
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        if request.POST.get(HONEYPOT):
            # Looks accepted to whatever filled it in; nothing is stored.
            return to_thanks()
        if form.is_valid():
            try:
                submit(form)
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                return to_thanks()
    form.describe()
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@public_form
def suggest_correction(request, kind, slug):
    model = ENTRY_KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record.")
    entry = get_object_or_404(model.objects.published(), slug=slug)
    data = request.POST if request.method == "POST" else None
    form = CorrectionForm(data, entry=entry)

    def submit(form):
        services.submit_correction(
            entry=entry,
            changes=form.changes,
            explanation=form.cleaned_data["explanation"],
            contact=form.cleaned_data["contact"],
        )

    context = {"entry": entry, "kind": kind, "kind_label": ENTRY_KIND_LABELS[kind]}
    return handle(request, form, submit, "suggestions/correction_form.html", context)


@public_form
def suggest_listing(request):
    data = request.POST if request.method == "POST" else None
    # "Suggest a service" links name the kind; anything else starts from the empty choice.
    kind = request.GET.get("kind", "")
    form = ListingForm(data, initial={"kind": kind} if kind in ENTRY_KINDS else None)

    def submit(form):
        data = form.cleaned_data
        services.submit_listing(
            kind=data["kind"],
            name=data["name"],
            summary=data["summary"],
            website=data["website"],
            note=data["note"],
            explanation=data["explanation"],
            contact=data["contact"],
        )

    return handle(request, form, submit, "suggestions/listing_form.html", {})


@never_cache
@require_http_methods(["GET", "HEAD"])
def thanks(request):
    return render(request, "suggestions/thanks.html")
