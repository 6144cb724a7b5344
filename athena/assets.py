"""Serve the design systems' fonts and images at /assets/, where their compiled CSS looks."""

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class DesignSystemAssetsMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings=settings)
        for directory in settings.DESIGN_SYSTEM_ASSET_DIRS:
            if directory.is_dir():
                self.add_files(str(directory), prefix="assets/")
