"""The admin's review pages: revisions awaiting a Publisher, verifications, the review queue.

Registered from resources/admin.py. Revisions are made by saving a record
(resources.moderation.propose), never through their own form: this admin shows
them, and a Publisher approves or rejects one on its page, saying why.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from resources import moderation, services
from resources.models import Revision, Verification


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("reason for a decision on a revision", "Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the decision in the history. Required to reject."),
    )


@admin.register(Revision)
class RevisionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "record", "author", "origin", "status", "created", "decided_by")
    list_filter = ("status", "content_type")
    list_select_related = ("author", "decided_by", "content_type")
    ordering = ("status", "-created")
    change_form_template = "admin/resources/revision_review.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("resources.review_revision"):
            return queryset
        return queryset.filter(author=request.user)  # an Editor sees their own

    @admin.display(description=_("record"))
    def record(self, revision):
        return revision.entry_name()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="resources_revision_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        model = revision.model
        record = model._base_manager.filter(pk=revision.object_id).first()
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        extra_context = {
            **(extra_context or {}),
            "revision": revision,
            "record": record,
            "subtitle": (
                gettext("Revision %(number)s of “%(record)s”") % {"number": revision.pk, "record": record}
                if record is not None
                else str(revision)
            ),
            "record_url": reverse(f"{name}_change", args=[record.pk]) if record is not None else "",
            "rows": moderation.differences(revision) if record is not None else [],
            "can_decide": revision.is_pending and services.can_publish(request.user, model),
            "can_withdraw": revision.is_pending and revision.author_id == request.user.pk,
            "decision_form": DecisionForm(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id):
        """POST approve, reject (a Publisher) or withdraw (the author)."""
        if request.method != "POST":
            raise PermissionDenied
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        form = DecisionForm(request.POST)
        note = form.data.get("note", "") if form.is_valid() else ""
        action = request.POST.get("decision")
        try:
            if action == "approve":
                moderation.approve(user=request.user, revision=revision, note=note)
                done = gettext("Approved: the record is updated.")
            elif action == "reject":
                moderation.reject(user=request.user, revision=revision, note=note)
                done = gettext("Rejected; the record is unchanged.")
            elif action == "withdraw":
                moderation.withdraw(user=request.user, revision=revision)
                done = gettext("Withdrawn.")
            else:
                raise ValidationError(gettext("Choose approve, reject or withdraw."))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:resources_revision_change", args=[revision.pk]))


@admin.register(Verification)
class VerificationAdmin(SimpleHistoryAdmin):
    """Verifications are recorded from a record's page ("Record a verification") and kept."""

    list_display = ("__str__", "record", "verified_by", "evidence_url")
    list_filter = ("method", "content_type")
    list_select_related = ("verified_by", "content_type")
    date_hierarchy = "verified_on"

    @admin.display(description=_("record"))
    def record(self, verification):
        entry = (
            verification.content_type.model_class()._base_manager.filter(pk=verification.object_id).first()
        )
        return (
            str(entry) if entry is not None else gettext("(deleted #%(id)s)") % {"id": verification.object_id}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "queue/",
                self.admin_site.admin_view(self.queue_view),
                name="resources_verification_queue",
            ),
            *super().get_urls(),
        ]

    QUEUE_LIMIT = 200

    def queue_view(self, request):
        """Published records that need verifying, services with contact details first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queue = moderation.review_queue()
        rows = []
        for kind, record in queue[: self.QUEUE_LIMIT]:
            name = f"admin:{kind.model._meta.app_label}_{kind.model._meta.model_name}"
            rows.append(
                {
                    "kind": kind.singular,
                    "record": record,
                    "last_verified": record.last_verified,
                    "change_url": reverse(f"{name}_change", args=[record.pk]),
                    "verify_url": reverse(f"{name}_verify", args=[record.pk]),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Records that need verifying"),
            "opts": self.model._meta,
            "rows": rows,
            "total": len(queue),
            "limit": self.QUEUE_LIMIT,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/resources/review_queue.html", context)
