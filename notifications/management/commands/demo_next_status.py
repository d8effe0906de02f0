from django.core.management.base import BaseCommand, CommandError

from notifications import demo


class Command(BaseCommand):
    help = "Demo: move a zaak in the demo zaaksysteem to its next status (the newest, or that of REFERENCE)."

    def add_arguments(self, parser):
        parser.add_argument("reference", nargs="?", help="the submission's reference, e.g. BZW-2026-ABC123")

    def handle(self, *args, reference: str | None = None, **options):
        try:
            found, status = demo.next_status(reference)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{found}: the zaak now has status '{status}'. The e-mail arrives in var/mail/.")
