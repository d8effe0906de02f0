"""Login through an OpenID Connect broker: DigiD, DigiD Machtigen, eHerkenning and eHerkenning
bewindvoering / curatele / mentorschap, built on mozilla-django-oidc (docs/authentication.md)."""
