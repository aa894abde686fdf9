from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    # Translators: the directory of counter-trafficking resources (not a folder), as the admin names it.
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from resources.readmodel import maintenance

        maintenance.connect_signals()
        post_migrate.connect(maintenance.build_if_missing, sender=self, dispatch_uid="readmodel-post-migrate")
