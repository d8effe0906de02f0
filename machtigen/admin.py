from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import FormLogin, LoginOption
from .registry import login_plugins


class LoginOptionForm(forms.ModelForm):
    plugin = forms.ChoiceField(label=_("login plugin"), choices=())

    class Meta:
        model = LoginOption
        fields = ["plugin", "minimum_level", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is made, so plugins registered later are offered too.
        self.fields["plugin"].choices = [
            (plugin.id, f"{plugin.label} ({_('demo')})" if plugin.demo else plugin.label) for plugin in login_plugins
        ]


class LoginOptionInline(admin.TabularInline):
    model = LoginOption
    form = LoginOptionForm
    extra = 1


@admin.register(FormLogin)
class FormLoginAdmin(admin.ModelAdmin):
    list_display = ["form", "mode"]
    list_filter = ["mode"]
    search_fields = ["form__slug", "form__name"]
    autocomplete_fields = ["form"]
    inlines = [LoginOptionInline]
