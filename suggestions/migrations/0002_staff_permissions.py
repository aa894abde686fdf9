"""Editors and Publishers review public suggestions (see resources 0002_staff_groups).

Both groups may view suggestions and change them (accepting and rejecting is a
change); Publishers may also delete them (spam, or a contact someone asked to
have removed). Accepting still needs the permission to change the record's own
model, which both groups hold for the four kinds of entry.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = ["view_suggestion", "change_suggestion"]
PUBLISHER_CODENAMES = [*EDITOR_CODENAMES, "delete_suggestion"]
GROUPS = (("Editors", EDITOR_CODENAMES), ("Publishers", PUBLISHER_CODENAMES))


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now, on a fresh database too.
    app_config = apps.get_app_config("suggestions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="suggestions", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="suggestions")
    for group in Group.objects.filter(name__in=[name for name, _ in GROUPS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0001_initial"),
        ("resources", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
