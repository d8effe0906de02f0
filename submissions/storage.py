"""Private file storage: receipt PDFs (and later uploads) live outside MEDIA and STATIC.

Files here are only ever served by a view that checks ownership or a signed link.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.LOKET_PRIVATE_MEDIA_ROOT, base_url=None)
