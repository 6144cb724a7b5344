from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case files"

    def ready(self):
        # Every part registers here what every process must know (not only a worker):
        # its object rules (django-rules' autodiscovery imports only cases.rules, the
        # file rules), its job handlers, and its worklists on the home page.
        from cases import audit_names, permissions, tasks, worklists  # noqa: F401
        from cases.cps import permissions as cps_permissions  # noqa: F401
        from cases.cps import worklists as cps_worklists  # noqa: F401
        from cases.dashboard import permissions as dashboard_permissions  # noqa: F401
        from cases.dcf import tasks as dcf_tasks  # noqa: F401
        from cases.review import permissions as review_permissions  # noqa: F401
        from cases.review import worklists as review_worklists  # noqa: F401

        audit_names.register()  # how the audit viewer names this app's records

        # An officer opening a person on their own case file needs no stated reason.
        from athena.audit.enquiry import register_known_reason
        from cases.selectors import person_case_reason

        register_known_reason(person_case_reason)
