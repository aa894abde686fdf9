"""Editorial review: references, verifications, revisions, and coverage decided on purpose.

Data: an entry that named no region and no country was global under the old rule, and
now says so; ``last_verified`` dates written before verifications were recorded are
cleared, because no record of the check exists (the old values stay in the history);
records only the seed ever changed are marked so the next seed rewrites them in the new
snapshot format (resources/seeding/applying.py).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

ENTRY_MODELS = ("organization", "legalinstrument", "strategy", "supportservice")
SEED_CHANGE_REASON = "manage.py seed"
SEED_FORMAT_CHANGED = "format-changed"


def decide_coverage_and_clear_unrecorded_checks(apps, schema_editor):
    for name in ENTRY_MODELS:
        model = apps.get_model("resources", name)
        history = apps.get_model("resources", f"historical{name}")
        model.objects.filter(regions__isnull=True, countries__isnull=True).update(is_global=True)
        model.objects.update(last_verified=None)
        for pk in model.objects.exclude(seed_digest="").values_list("pk", flat=True):
            latest = history.objects.filter(id=pk).order_by("-history_id").first()
            if latest is not None and latest.history_change_reason == SEED_CHANGE_REASON:
                model.objects.filter(pk=pk).update(seed_digest=SEED_FORMAT_CHANGED)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0008_read_model"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Reference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True)),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(max_length=500, verbose_name="URL")),
                ("publisher", models.CharField(max_length=200)),
                (
                    "published_on",
                    models.DateField(
                        blank=True,
                        help_text="The date the page or document gives itself.",
                        null=True,
                        verbose_name="published on",
                    ),
                ),
                (
                    "accessed_on",
                    models.DateField(help_text="When a person read it.", verbose_name="accessed on"),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("modified", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
            ],
            options={
                "ordering": ["publisher", "title"],
            },
        ),
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "origin",
                    models.CharField(
                        help_text="How it was made: the change form, a revert, a suggestion.", max_length=200
                    ),
                ),
                (
                    "base_version",
                    models.PositiveIntegerField(help_text="The record's version the change was made from."),
                ),
                ("changes", models.JSONField(default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_note", models.TextField(blank=True, verbose_name="why")),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("modified", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["-created", "-pk"],
                "permissions": [("review_revision", "Can approve and reject revisions")],
            },
        ),
        migrations.CreateModel(
            name="Verification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("verified_on", models.DateField(verbose_name="verified on")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("telephone", "Telephone call"),
                            ("official_website", "The organization's official website"),
                            ("official_document", "An official document"),
                            ("written_confirmation", "Written confirmation"),
                        ],
                        max_length=30,
                        verbose_name="how",
                    ),
                ),
                (
                    "evidence_url",
                    models.URLField(
                        blank=True,
                        help_text="The page or document checked.",
                        max_length=500,
                        verbose_name="evidence (URL)",
                    ),
                ),
                (
                    "evidence_note",
                    models.TextField(
                        blank=True,
                        help_text="What was checked and what it showed: who answered the call, what the letter says.",
                        verbose_name="evidence (note)",
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-verified_on", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="historicallegalinstrument",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="historicalstrategy",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="historicalsupportservice",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="historicalsupportservice",
            name="no_contact_reason",
            field=models.TextField(
                blank=True,
                help_text="Required to publish a service with no phone, SMS, email, website or contact page.",
                verbose_name="why no contact channel",
            ),
        ),
        migrations.AddField(
            model_name="legalinstrument",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="strategy",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="supportservice",
            name="is_global",
            field=models.BooleanField(
                default=False,
                help_text="Tick only for a record that applies everywhere; otherwise name its regions or countries.",
                verbose_name="applies worldwide",
            ),
        ),
        migrations.AddField(
            model_name="supportservice",
            name="no_contact_reason",
            field=models.TextField(
                blank=True,
                help_text="Required to publish a service with no phone, SMS, email, website or contact page.",
                verbose_name="why no contact channel",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="quote",
            field=models.TextField(
                help_text="Verbatim from the source (whitespace may differ), or a short extract of the reference."
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="citations",
                to="resources.source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="quote",
            field=models.TextField(
                help_text="Verbatim from the source (whitespace may differ), or a short extract of the reference."
            ),
        ),
        migrations.AlterField(
            model_name="historicallegalinstrument",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicallegalinstrument",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstrategy",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicalstrategy",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsupportservice",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsupportservice",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="legalinstrument",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="legalinstrument",
            name="regions",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.region"),
        ),
        migrations.AlterField(
            model_name="legalinstrument",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="regions",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.region"),
        ),
        migrations.AlterField(
            model_name="organization",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="strategy",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="strategy",
            name="regions",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.region"),
        ),
        migrations.AlterField(
            model_name="strategy",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.AlterField(
            model_name="supportservice",
            name="last_verified",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When staff last verified this record against the organization or an official source.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="supportservice",
            name="regions",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.region"),
        ),
        migrations.AlterField(
            model_name="supportservice",
            name="verification_note",
            field=models.TextField(
                blank=True,
                help_text="What the next person to verify this record should check, and where.",
                verbose_name="notes for verifiers",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalReference",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("slug", models.SlugField(max_length=120)),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(max_length=500, verbose_name="URL")),
                ("publisher", models.CharField(max_length=200)),
                (
                    "published_on",
                    models.DateField(
                        blank=True,
                        help_text="The date the page or document gives itself.",
                        null=True,
                        verbose_name="published on",
                    ),
                ),
                (
                    "accessed_on",
                    models.DateField(help_text="When a person read it.", verbose_name="accessed on"),
                ),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("modified", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reference",
                "verbose_name_plural": "historical references",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRevision",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "origin",
                    models.CharField(
                        help_text="How it was made: the change form, a revert, a suggestion.", max_length=200
                    ),
                ),
                (
                    "base_version",
                    models.PositiveIntegerField(help_text="The record's version the change was made from."),
                ),
                ("changes", models.JSONField(default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_note", models.TextField(blank=True, verbose_name="why")),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("modified", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        limit_choices_to={
                            "app_label": "resources",
                            "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
                        },
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical revision",
                "verbose_name_plural": "historical revisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalVerification",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("verified_on", models.DateField(verbose_name="verified on")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("telephone", "Telephone call"),
                            ("official_website", "The organization's official website"),
                            ("official_document", "An official document"),
                            ("written_confirmation", "Written confirmation"),
                        ],
                        max_length=30,
                        verbose_name="how",
                    ),
                ),
                (
                    "evidence_url",
                    models.URLField(
                        blank=True,
                        help_text="The page or document checked.",
                        max_length=500,
                        verbose_name="evidence (URL)",
                    ),
                ),
                (
                    "evidence_note",
                    models.TextField(
                        blank=True,
                        help_text="What was checked and what it showed: who answered the call, what the letter says.",
                        verbose_name="evidence (note)",
                    ),
                ),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        limit_choices_to={
                            "app_label": "resources",
                            "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
                        },
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical verification",
                "verbose_name_plural": "historical verifications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="citation",
            name="reference",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="citations",
                to="resources.reference",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="reference",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="resources.reference",
            ),
        ),
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("reference__isnull", True), ("source__isnull", False)),
                    models.Q(("reference__isnull", False), ("source__isnull", True)),
                    _connector="OR",
                ),
                name="citation_one_origin",
                violation_error_message="A citation quotes either a source document or a reference.",
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="content_type",
            field=models.ForeignKey(
                limit_choices_to={
                    "app_label": "resources",
                    "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
                },
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions_decided",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="verification",
            name="content_type",
            field=models.ForeignKey(
                limit_choices_to={
                    "app_label": "resources",
                    "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
                },
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="verification",
            name="verified_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="verifications",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="revision",
            index=models.Index(
                fields=["content_type", "object_id", "status"], name="resources_r_content_c8d8ab_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="verification",
            index=models.Index(
                fields=["content_type", "object_id", "-verified_on"], name="resources_v_content_58e125_idx"
            ),
        ),
        migrations.RunPython(decide_coverage_and_clear_unrecorded_checks, migrations.RunPython.noop),
    ]
