import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
application = get_asgi_application()

from athena.gc_tuning import tune_gc  # noqa: E402 - once the application has loaded

tune_gc()
