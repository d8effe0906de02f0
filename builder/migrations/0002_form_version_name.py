from django.db import migrations, models


def name_published_versions(apps, schema_editor):
    # The guards that freeze published versions are removed during migrate, so this may fill in the new column.
    FormVersion = apps.get_model("builder", "FormVersion")
    for version in FormVersion.objects.only("pk", "definition").iterator():
        name = version.definition.get("name", "")
        if isinstance(name, dict):
            name = name.get("nl", "")
        FormVersion.objects.filter(pk=version.pk).update(name=str(name)[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("builder", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="formversion",
            name="name",
            field=models.CharField(default="", editable=False, max_length=200, verbose_name="name"),
            preserve_default=False,
        ),
        migrations.RunPython(name_published_versions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="form",
            name="name",
            field=models.CharField(
                help_text="The draft's name; citizens see the live one.", max_length=200, verbose_name="name"
            ),
        ),
    ]
