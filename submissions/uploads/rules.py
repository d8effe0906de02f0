"""The rules of one file field, as the editor set them and as the citizen reads them.

The page next to the field, the start page (Wmebv A2) and the server's checks all
read the same :class:`UploadRules`, so the published rules are the enforced ones.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

__all__ = ["FILE_TYPES", "FileType", "UploadRules", "human_size", "rules_of"]


@dataclass(frozen=True)
class FileType:
    id: str
    label: str
    media_types: frozenset[str]
    """What sniffing the bytes may find for a file of this type."""
    extensions: tuple[str, ...]


def _type(id: str, label: str, media_types: set[str], extensions: tuple[str, ...]) -> FileType:
    return FileType(id, label, frozenset(media_types), extensions)


# The types an editor may allow: documents and photos people send to a gemeente. Each is
# recognised from its bytes, never from its name or what the browser says it is.
FILE_TYPES: dict[str, FileType] = {
    item.id: item
    for item in (
        _type("pdf", "PDF", {"application/pdf"}, (".pdf",)),
        _type("jpg", "JPG", {"image/jpeg"}, (".jpg", ".jpeg")),
        _type("png", "PNG", {"image/png"}, (".png",)),
        _type("tiff", "TIFF", {"image/tiff"}, (".tif", ".tiff")),
        _type("heic", "HEIC", {"image/heic", "image/heif"}, (".heic", ".heif")),
        _type(
            "docx",
            "Word (DOCX)",
            {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            (".docx",),
        ),
        _type("odt", "OpenDocument-tekst (ODT)", {"application/vnd.oasis.opendocument.text"}, (".odt",)),
    )
}

DEFAULT_MAX_FILES = 10


def human_size(size: int) -> str:
    """``10 MB``, ``1,5 kB``: sizes as people read them."""
    return str(filesizeformat(size)).replace("\xa0", " ")


@dataclass(frozen=True)
class UploadRules:
    types: tuple[FileType, ...]
    max_file_size: int
    max_total_size: int
    max_files: int
    min_files: int = 0

    @property
    def type_labels(self) -> str:
        """``PDF, JPG of PNG``."""
        labels = [item.label for item in self.types]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " of " + labels[-1]

    @property
    def accept(self) -> str:
        """The HTML ``accept`` hint: the file chooser offers these first. The server decides."""
        return ",".join([*(ext for item in self.types for ext in item.extensions), *self.media_types])

    @property
    def media_types(self) -> list[str]:
        return sorted({media for item in self.types for media in item.media_types})

    def allows(self, media_type: str | None) -> bool:
        return media_type is not None and any(media_type in item.media_types for item in self.types)

    def summary(self) -> str:
        """The rules in one sentence, as shown next to the field and on the start page."""
        parts = [f"Toegestaan: {self.type_labels}", f"hoogstens {human_size(self.max_file_size)} per bestand"]
        if self.max_files > 1:
            parts.append(f"hoogstens {self.max_files} bestanden")
            parts.append(f"samen hoogstens {human_size(self.max_total_size)}")
        return ", ".join(parts) + "."


def rules_of(schema: dict, ui: dict) -> UploadRules:
    """The rules of a file field from its data schema (``maxItems``) and UI (``upload``)."""
    upload = ui.get("upload", {})
    ceiling = settings.LOKET_UPLOAD_MAX_FILE_SIZE
    max_file = min(upload.get("max_file_size", ceiling), ceiling)
    max_files = schema.get("maxItems", DEFAULT_MAX_FILES)
    return UploadRules(
        types=tuple(FILE_TYPES[name] for name in upload.get("types", ["pdf"]) if name in FILE_TYPES),
        max_file_size=max_file,
        max_total_size=upload.get("max_total_size", max_file * max_files),
        max_files=max_files,
        min_files=schema.get("minItems", 0),
    )
