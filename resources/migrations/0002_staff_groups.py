"""The two staff roles: Editors and Publishers (see docs/architecture.md, "Staff roles")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ENTRY_MODELS = ["organization", "legalinstrument", "strategy", "supportservice"]
REFERENCE_MODELS = ["region", "country", "focusarea", "servicetype", "population", "source"]


def editor_codenames():
    codenames = [f"{action}_{model}" for model in ENTRY_MODELS for action in ("add", "change", "view")]
    codenames += ["add_citation", "change_citation", "delete_citation", "view_citation"]
    codenames += [f"view_{model}" for model in REFERENCE_MODELS]
    return codenames


def publisher_codenames():
    return editor_codenames() + [
        f"{action}_{model}" for model in ENTRY_MODELS for action in ("delete", "publish")
    ]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now, on a fresh database too.
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", editor_codenames()), ("Publishers", publisher_codenames())):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="resources", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
