import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
application = get_wsgi_application()

from athena.gc_tuning import tune_gc  # noqa: E402 - once the application has loaded

tune_gc()
