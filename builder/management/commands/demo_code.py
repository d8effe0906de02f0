from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forms_platform import demo_accounts


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo staff accounts (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo second factor exists only with DEBUG on (make demo).")
        self.stdout.write(demo_accounts.current_code())
