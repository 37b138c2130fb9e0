"""Put each staff member's whole name in first_name (issue 13 part 7).

Wagtail's sidebar shows ``first_name`` only, so the family/given split showed "Nguyễn Thị
Thu" for "Nguyễn Thị Thu Hà". Row by row (a few hundred accounts per agency at most).
"""

from django.db import migrations


def forward(apps, schema_editor):
    StaffProfile = apps.get_model("qms", "StaffProfile")
    for profile in StaffProfile.objects.select_related("user").exclude(full_name=""):
        user = profile.user
        if user is None:
            continue
        name = profile.full_name[:150]
        if (user.first_name, user.last_name) != (name, ""):
            user.first_name, user.last_name = name, ""
            user.save(update_fields=["first_name", "last_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0007_export_job"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
