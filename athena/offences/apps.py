from django.apps import AppConfig


class OffencesConfig(AppConfig):
    name = "athena.offences"
    label = "offences"
    verbose_name = "Offence catalogue"
