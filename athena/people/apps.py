from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "athena.people"
    label = "people"
    verbose_name = "People (nominal index)"
