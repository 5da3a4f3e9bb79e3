from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """기록관리 (records management): every completed document and registered receipt becomes a
    record in its 기록물철, the registers (기록물등록대장, 기록물철등록부), the legal calendar (정리,
    생산현황 통보, 이관) and the 기록관's side (인수, 열람 기록). It follows approval and receipts through
    their signals (approval.signals, receipts.signals); neither imports records."""

    name = "records"
    verbose_name = "기록관리"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "records.plugin.PLUGIN"

    def ready(self) -> None:
        from approval.signals import document_completed
        from receipts.signals import receipt_registered
        from records import registration
        from records.lookups import ILike
        from records.models import Record, RecordFile
        from tasks.signals import work_produced

        for field in (Record.title.field, Record.registration_number.field, RecordFile.title.field):
            field.register_lookup(ILike)

        document_completed.connect(registration.on_document_completed, dispatch_uid="records.document_completed")
        receipt_registered.connect(registration.on_receipt_registered, dispatch_uid="records.receipt_registered")
        work_produced.connect(registration.on_work_produced, dispatch_uid="records.work_produced")
