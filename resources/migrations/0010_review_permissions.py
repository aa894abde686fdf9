"""The staff roles' permissions for editorial review (docs/staff.md).

Editors may record verifications, add references, and see revisions (their own);
Publishers also approve and reject revisions and change or delete references.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = [
    "add_verification",
    "view_verification",
    "view_revision",
    "add_reference",
    "view_reference",
]
PUBLISHERS = [*EDITORS, "review_revision", "change_reference", "delete_reference"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITORS), ("Publishers", PUBLISHERS)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="resources", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="resources", codename__in=PUBLISHERS)
    for group in Group.objects.filter(name__in=["Editors", "Publishers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("resources", "0009_editorial_review")]

    operations = [migrations.RunPython(grant, revoke)]
