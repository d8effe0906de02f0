from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from builder import service
from builder.models import Form


class Command(BaseCommand):
    help = "Export a form definition as canonical JSON (the live version unless --draft)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
        parser.add_argument("--draft", action="store_true", help="export the draft, not the live version")

    def handle(self, *args, slug: str, output: Path | None, draft: bool, **options):
        form = Form.objects.select_related("live_version").filter(slug=slug).first()
        if form is None:
            raise CommandError(f"There is no form with slug {slug!r}.")
        text = service.export_definition(form, draft=draft)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
