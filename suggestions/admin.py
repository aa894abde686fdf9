"""Staff review of public suggestions.

The change page shows, for each proposed field, the record's current value
beside the proposed one, and offers Accept and Reject with an optional note.
Accepting applies the suggestion through services.accept(): the record's own
validation, in one transaction, never its status. Only staff who may change
the record's model (or add one, for a new listing) may accept.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CORRECTABLE_FIELDS, LISTING_FIELDS, Suggestion

ACCEPT = "_accept"
REJECT = "_reject"


def _show(value):
    return value if value not in (None, "") else gettext("(empty)")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    change_form_template = "suggestions/admin_change_form.html"
    list_display = ("__str__", "kind", "target_link", "status", "created", "reviewed_by")
    list_filter = ("status", "kind", "content_type")
    search_fields = ("explanation", "review_note")
    date_hierarchy = "created"
    list_select_related = ("content_type", "reviewed_by")
    actions = ("accept_selected", "reject_selected")
    list_per_page = 50

    class Media:
        css = {"all": ["suggestions/admin.css"]}

    # Staff may also record a suggestion that reached them another way (email,
    # phone): the add form takes the raw fields, and the model validates them.
    add_fields = ("kind", "content_type", "object_id", "proposed_changes", "explanation", "contact")
    review_fields = (
        "kind",
        "target_link",
        "changes_table",
        "explanation",
        "contact",
        "created",
        "status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.review_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = [name for name in self.review_fields if name != "review_note"]
        if not obj.is_pending:
            readonly.append("review_note")
        return readonly

    # Display --------------------------------------------------------------------

    @admin.display(description=_("record"))
    def target_link(self, suggestion):
        record = suggestion.target
        if suggestion.kind == Suggestion.Kind.LISTING:
            label = (
                suggestion.content_type.model_class()._meta.verbose_name if suggestion.content_type_id else ""
            )
            if record is None:
                return gettext("new %(kind)s") % {"kind": label}
            url = reverse(
                f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
            )
            link = format_html('<a href="{}">{}</a>', url, record)
            return format_html(gettext("new {kind}: {link} (draft created)"), kind=label, link=link)
        if record is None:
            return gettext("(record deleted)")
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        return format_html(
            gettext("{link} ({kind}, {status})"),
            link=format_html('<a href="{}">{}</a>', url, record),
            kind=record._meta.verbose_name,
            status=record.get_status_display(),
        )

    @admin.display(description=_("proposed changes"))
    def changes_table(self, suggestion):
        changes = suggestion.proposed_changes or {}
        if suggestion.kind == Suggestion.Kind.LISTING:
            rows = format_html_join(
                "",
                "<tr><th scope='row'>{}</th><td>{}</td></tr>",
                ((name, _show(changes.get(name))) for name in LISTING_FIELDS if name in changes),
            )
            return format_html(
                "<table class='suggestion-changes'><thead><tr><th scope='col'>{}</th>"
                "<th scope='col'>{}</th></tr></thead>"
                "<tbody>{}</tbody></table>",
                gettext("Field"),
                gettext("Proposed"),
                rows,
            )
        record = suggestion.target
        model = suggestion.model
        order = list(CORRECTABLE_FIELDS.get(model, ()))
        names = sorted(changes, key=lambda n: order.index(n) if n in order else len(order))

        def current(name):
            if record is None:
                return gettext("(record deleted)")
            return _show(getattr(record, name, ""))

        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            ((name, current(name), _show(changes[name])) for name in names),
        )
        return format_html(
            "<table class='suggestion-changes'><thead><tr><th scope='col'>{}</th>"
            "<th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            gettext("Field"),
            gettext("Current"),
            gettext("Proposed"),
            rows,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_review"] = obj is not None and obj.is_pending and services.can_review(request.user, obj)
        context["can_reject"] = (
            obj is not None and obj.is_pending and self.has_change_permission(request, obj)
        )
        context["accept_name"], context["reject_name"] = ACCEPT, REJECT
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Decisions ------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.status = Suggestion.Status.PENDING
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if ACCEPT in request.POST or REJECT in request.POST:
            self._decide(request, obj, accept=ACCEPT in request.POST)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _decide(self, request, suggestion, *, accept):
        """Accept or reject one suggestion, telling the staff member what happened."""
        try:
            if accept:
                record = services.accept(user=request.user, suggestion=suggestion)
            else:
                services.reject(user=request.user, suggestion=suggestion)
        except PermissionDenied as error:
            self.message_user(
                request,
                gettext("%(suggestion)s: %(error)s") % {"suggestion": suggestion, "error": error},
                messages.ERROR,
            )
            return False
        except ValidationError as error:
            self.message_user(
                request,
                gettext("%(suggestion)s: not applied, nothing was changed. %(errors)s")
                % {"suggestion": suggestion, "errors": " ".join(error.messages)},
                messages.ERROR,
            )
            return False
        if not accept:
            self.message_user(
                request, gettext("%(suggestion)s: rejected.") % {"suggestion": suggestion}, messages.SUCCESS
            )
        elif suggestion.kind == Suggestion.Kind.LISTING:
            missing = services.missing_classification(record)
            if missing:
                done = gettext(
                    "%(suggestion)s: accepted; draft “%(record)s” created. "
                    "Set its %(fields)s before it is published."
                )
            else:
                done = gettext("%(suggestion)s: accepted; draft “%(record)s” created.")
            fields = ", ".join(str(name) for name in missing)
            self.message_user(
                request,
                done % {"suggestion": suggestion, "record": record, "fields": fields},
                messages.SUCCESS,
            )
        elif getattr(record, "held_as", None) is not None:
            self.message_user(
                request,
                gettext(
                    "%(suggestion)s: accepted as revision %(revision)s of “%(record)s”, awaiting a "
                    "Publisher's review; the live record is unchanged until it is approved."
                )
                % {"suggestion": suggestion, "revision": record.held_as.pk, "record": record},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "%(suggestion)s: accepted; “%(record)s” updated (its status, %(status)s, is unchanged)."
                )
                % {"suggestion": suggestion, "record": record, "status": record.get_status_display()},
                messages.SUCCESS,
            )
        return True

    @admin.action(description=_("Accept selected suggestions"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide_all(request, queryset, accept=True)

    @admin.action(description=_("Reject selected suggestions"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide_all(request, queryset, accept=False)

    def _decide_all(self, request, queryset, *, accept):
        pending = list(queryset.filter(status=Suggestion.Status.PENDING))
        skipped = queryset.count() - len(pending)
        for suggestion in pending:
            self._decide(request, suggestion, accept=accept)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d suggestion was already decided and was left as it is.",
                    "%(count)d suggestions were already decided and were left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
