"""One records counter with a `series` (비전자기록물, 업무관리) instead of two counter tables: the
업무관리 counters' rows move into RecordCounter as series "work" (numbers continue where they
were), then WorkRecordCounter goes. Reversible: the rows move back."""

from django.db import migrations, models


def merge_counters(apps, schema_editor):
    WorkRecordCounter = apps.get_model("records", "WorkRecordCounter")
    RecordCounter = apps.get_model("records", "RecordCounter")
    RecordCounter.objects.bulk_create(
        [
            RecordCounter(department_id=c.department_id, year=c.year, series="work", last=c.last)
            for c in WorkRecordCounter.objects.all()
        ]
    )


def split_counters(apps, schema_editor):
    WorkRecordCounter = apps.get_model("records", "WorkRecordCounter")
    RecordCounter = apps.get_model("records", "RecordCounter")
    work = RecordCounter.objects.filter(series="work")
    WorkRecordCounter.objects.bulk_create(
        [WorkRecordCounter(department_id=c.department_id, year=c.year, last=c.last) for c in work]
    )
    work.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_staff_retired_on_org_settings"),
        ("records", "0011_thirty_year_opening"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="recordcounter",
            options={"verbose_name": "기록물 번호 카운터", "verbose_name_plural": "기록물 번호 카운터"},
        ),
        migrations.RemoveConstraint(
            model_name="recordcounter",
            name="record_counter_unique",
        ),
        migrations.AddField(
            model_name="recordcounter",
            name="series",
            field=models.CharField(
                choices=[("paper", "비전자기록물"), ("work", "업무관리")], default="paper", max_length=10
            ),
        ),
        migrations.AddConstraint(
            model_name="recordcounter",
            constraint=models.UniqueConstraint(fields=("department", "year", "series"), name="record_counter_unique"),
        ),
        migrations.RunPython(merge_counters, split_counters),
        migrations.RemoveField(
            model_name="workrecordcounter",
            name="department",
        ),
        migrations.DeleteModel(
            name="WorkRecordCounter",
        ),
    ]
