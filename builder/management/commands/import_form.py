from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from builder import service


class Command(BaseCommand):
    help = "Import form definitions (JSON files) as drafts; --publish also publishes them."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish the imported draft")

    def handle(self, *args, files: list[Path], publish: bool, **options):
        for path in files:
            try:
                definition = service.parse_definition(path.read_bytes())
                form, version = service.import_definition(definition, publish_it=publish)
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            except service.InvalidDefinition as exc:
                lines = "\n".join(f"  {error}" for error in exc.errors)
                raise CommandError(f"{path} is not a valid form definition:\n{lines}") from None
            state = f"published as version {version.number}" if version else "saved as draft"
            self.stdout.write(f"{form.slug}: {state}")
