from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "athena.audit"
    label = "audit"
    verbose_name = "Audit trail"
