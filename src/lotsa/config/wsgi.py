import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotsa.config.settings")
application = get_wsgi_application()

from lotsa.shell.checks import MISSING_SECRET_KEY, secret_key_is_set  # noqa: E402

if not secret_key_is_set():
    raise ImproperlyConfigured(MISSING_SECRET_KEY)

from lotsa.core.startup import freeze_loaded_objects  # noqa: E402

freeze_loaded_objects()  # the loaded project out of the garbage collector's way
