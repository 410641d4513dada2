"""Load the specialties classifier and the positions catalogue shipped in directory/data."""

from django.db import migrations


def forwards(apps, schema_editor):
    from orientir.directory.reference import load_classifier

    load_classifier(apps.get_model("directory", "SpecialtyGroup"), apps.get_model("directory", "Specialty"),
                    apps.get_model("directory", "Position"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
