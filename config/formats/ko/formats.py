"""Korean formats as Django ships them, except the time of day: Korean puts 오전/오후 before the
time ("2026년 3월 5일 오전 10:57"), Django's DATETIME_FORMAT after it ("… 10:57 오전"). The
consoles show datetimes in this format."""

from django.conf.locale.ko.formats import *  # noqa: F403

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
TIME_FORMAT = "A g:i"
