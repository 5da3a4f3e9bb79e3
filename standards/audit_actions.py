"""How the standard lists' audit actions read in Korean (the province's chain)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "standard_code.save": _("표준 예산과목 저장"),
    "execution_target.save": _("신속집행 목표 저장"),
    "holiday_override.save": _("공휴일 지정 저장"),
}
