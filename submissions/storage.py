"""Private file storage: receipt PDFs (and later uploads) live outside MEDIA and STATIC.

Files here are only ever served by a view that checks ownership or a signed link.
``LOKET_PRIVATE_STORAGE`` chooses where: a folder (``filesystem``, the default, and what
the tests use) or a private S3-compatible bucket (``s3``, through django-storages) that
every web and worker machine reaches.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_storage() -> Storage:
    if settings.LOKET_PRIVATE_STORAGE == "s3":
        from storages.backends.s3 import S3Storage

        return S3Storage(**settings.LOKET_PRIVATE_S3)
    return FileSystemStorage(location=settings.LOKET_PRIVATE_MEDIA_ROOT, base_url=None)
