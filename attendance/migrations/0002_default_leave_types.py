from django.db import migrations


def add_defaults(apps, schema_editor):
    from attendance.defaults import DEFAULT_LEAVE_TYPES

    LeaveType = apps.get_model("attendance", "LeaveType")
    for order, (code, name, paid, counted, unit, yearly_max, certificate, calendar_days) in enumerate(
        DEFAULT_LEAVE_TYPES, start=1
    ):
        LeaveType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_paid": paid,
                "counts_against_annual": counted,
                "smallest_unit": unit,
                "yearly_max_days": yearly_max,
                "certificate_after_days": certificate,
                "counts_calendar_days": calendar_days,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
