from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from resources.readmodel import maintenance

        maintenance.connect_signals()
        post_migrate.connect(maintenance.build_if_missing, sender=self, dispatch_uid="readmodel-post-migrate")
