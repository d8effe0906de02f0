"""Reading uploaded files while they stream in: size and SHA-256 as the bytes arrive.

Django's own handlers keep the whole file (in memory, then on disk) before anyone can
look at it. This handler counts and hashes every chunk as it arrives and stops keeping
bytes once a file is larger than ``LOKET_UPLOAD_MAX_FILE_SIZE``: the rest of that file
is read from the socket (HTTP has no way to skip it) but never stored, and the file
reaches the field kind marked as too large, with its real size, to be refused with
the rule it broke. The whole request body is capped before this runs
(``UploadSizeLimitMiddleware``).
"""

import hashlib
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

__all__ = ["HashingUploadHandler", "StreamedFile"]

# Small files stay in memory, larger ones spill to a temporary file.
IN_MEMORY = 1024 * 1024


class StreamedFile(UploadedFile):
    """An uploaded file with what was learned while it streamed in."""

    def __init__(self, file, name: str, content_type: str, size: int, sha256: str, truncated: bool):
        super().__init__(file, name, content_type, size)
        self.sha256 = sha256
        self.truncated = truncated
        """More bytes came in than the ceiling; only the first ones were kept, so it cannot be stored."""


class HashingUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.LOKET_UPLOAD_MAX_FILE_SIZE
        self.file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115  (closed with the request)
        self.hash = hashlib.sha256()
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.size <= self.limit:
            self.hash.update(raw_data)
            self.file.write(raw_data)
        # Returning None: no later handler gets the chunk, so nothing else keeps it.
        return None

    def file_complete(self, file_size: int) -> StreamedFile:
        self.file.seek(0)
        truncated = self.size > self.limit
        if truncated:
            self.file.truncate(0)
        return StreamedFile(
            self.file,
            self.file_name,
            self.content_type,
            self.size,
            self.hash.hexdigest(),
            truncated,
        )
