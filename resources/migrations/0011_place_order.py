from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_entries(apps, schema_editor):
    PublicEntry = apps.get_model("resources", "PublicEntry")
    PublicPlace = apps.get_model("resources", "PublicPlace")
    SupportService = apps.get_model("resources", "SupportService")
    names = PublicEntry.objects.filter(pk=OuterRef("entry_id")).values("sort_name")[:1]
    PublicPlace.objects.update(sort_name=Subquery(names))
    open_to_victims = SupportService.objects.filter(open_to_victims=True).values("pk")
    PublicPlace.objects.filter(kind="service", record_id__in=open_to_victims).update(is_help=True)


class Migration(migrations.Migration):
    dependencies = [("resources", "0010_review_permissions")]

    operations = [
        migrations.AddField(
            model_name="publicplace",
            name="is_help",
            field=models.BooleanField(default=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="publicplace",
            name="sort_name",
            field=models.CharField(default="", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(copy_from_entries, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="publicplace", name="public_place_lookup"),
        migrations.AddIndex(
            model_name="publicplace",
            index=models.Index(
                fields=["kind", "country", "coverage", "is_help", "sort_name", "record_id"],
                name="public_place_order",
            ),
        ),
    ]
