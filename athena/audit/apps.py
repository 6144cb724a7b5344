from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "athena.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from athena.audit.signing import check_configuration

        # At start, not at the first checkpoint: a server that cannot sign its audit
        # trail must not serve.
        check_configuration()
