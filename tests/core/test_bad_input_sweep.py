"""Crafted input never gives a 5xx: every URL pattern of both URL confs, requested with NUL bytes,
non-ASCII digits, dates at the calendar's ends, malformed months, negative and huge numbers and
very long strings, in the query string (GET) and in every field the page's forms know (POST), as
the people who reach the most (staff who is party to everything made here, the institution admin,
the province's planning office) and anonymously.

Path parameters are filled with ids of objects made here, and where the converter takes any text
(the consoles' `<path:object_id>`), with crafted values too. Field names come from the page itself
(its `name=` attributes and the query keys of its links, so the consoles' filters are covered)
plus a generic list, so a new view or form field is swept without editing this test; the choices a
page offers (`action=remove`, `view=week`) are kept in turn, so a value read only in one mode of a
form is reached. Each request runs in a savepoint that is rolled back, so a POST that deletes or
signs out does not change what the next request sees.

To keep its work down (about 5,900 requests for the two sites, docs/PERFORMANCE.md): the admin
sweeps the consoles and only those other pages where it sees other fields than staff do; Django's
per-model history, delete and redirect pages get one value of each crashing kind; a method guard's
405 ends that method's requests for the route; NUL goes into each console name on its own only if
the request with NUL in every name was not refused before the view; and a crafted request that
agrees, on every key an earlier one of the same route and method read (absent keys included),
with that earlier request is not sent: it would run the same code to the same answer (`Reads`
notes what each request reads; a request that reads its data whole is never the reason to leave
one out). Run with -s to see the count and time.
"""

from __future__ import annotations

import html
import logging
import re
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.regex_helper import normalize
from django.views.generic import RedirectView
from django_tenants.utils import schema_context

from approval.models import Attachment as DocumentAttachment
from approval.models import StepKind
from approval.services import document_attach, document_draft
from budget.models import ExpensePlan
from exchange.models import OutboxMessage
from notifications.models import Notification
from org.models import User
from receipts.models import ReceivedAttachment
from tasks.models import Directive, MemoReport, RoomBooking
from tasks.services.cards import card_entry_add, task_goal_add
from tasks.services.classification import unit_task_grant
from tasks.services.directives import directive_issue
from tasks.services.meetings import meeting_decision_add, minutes_attach, minutes_save, room_book
from tasks.services.memos import memo_send
from tasks.services.schedules import schedule_entry_create
from tenants.models import Institution
from tests.factories.approval import line, org_chart, submitted
from tests.factories.budget import expense_delegation_table, plan
from tests.factories.exchange import received
from tests.factories.tasks_cards import card_for
from tests.factories.tasks_meetings import RoomFactory, kst, make_meeting
from tests.factories.tasks_memos import PDF, upload
from tests.support import ADMIN, PLANNER, HostClient, login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# One value of each kind that has crashed a page: PostgreSQL refuses NUL in text; str.isdigit()
# takes "²" (which int() refuses) and "٣" (which int() reads as 3); the last day of year 9999 and
# the first of year 1 overflow as soon as a page steps a day or converts to UTC; "1-1" and
# "9999-12" are months a split("-") accepts, and year 9999 overflows a date drill-down; a number
# below zero and past 32 bits; a 1,000-character string, longer than any column but the texts.
CRAFTED = (
    "a\x00b",
    "²",
    "٣",
    "9999-12-31",
    "0001-01-01",
    "1-1",
    "9999-12",
    "9999",
    "-99999999999",
    "가" * 1000,
)
# Django's console pages that are the same code for every model (history, delete confirmation,
# the bare-id redirect) read no field of their own: one value of each kind that crashed anything
# is enough there, and keeps the sweep within its time.
SHORT = ("a\x00b", "²", "9999-12-31")
# A value read by hand is often read only in one mode of a form (action=remove, user=<id>), so
# this one is tried with every mode the page offers, not just the one its turn falls on.
EVERY_MODE = "²"
# Field names tried on every page (but the consoles) besides those the page shows: ids the views
# read by hand, the calendar's and rooms' dates, search boxes, paging, and common form fields.
COMMON_FIELDS = (
    "step", "user", "meeting", "room", "q", "date", "month", "year", "day", "view", "scope", "page",
    "from", "to", "starts_at", "ends_at", "amount", "title", "body", "comment", "reason", "kind",
    "action", "saved", "show", "category", "export", "inline", "original", "next", "username",
    "password",
)  # fmt: skip
# The consoles read only their own names (search, autocomplete term, page, order); anything else
# in a list's query string is refused as an unknown filter before the rest is read, so the
# generic names above would hide what the console does with its own.
CONSOLE_FIELDS = ("q", "term", "p", "o")
# What core.bad_input answers to NUL anywhere in a request, before any view runs.
NUL_REFUSAL = "입력값에 사용할 수 없는 문자(NUL)가 들어 있습니다."
# The consoles' object pages take any text as the object id.
CRAFTED_IN_PATH = ("\x00", "²", "-99999999999", "가" * 300)
# Signing out would end the sweep's session for the rest of the walk (and is answered the same
# whatever is posted); the logout view is still requested, with GET.
POST_SKIPPED = {"logout"}

_TAG = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"([\w-]+)=\"([^\"]*)\"")
_LINK_QUERY = re.compile(r"(?:href|hx-get|action)=\"[^\"?#]*\?([^\"#]*)\"", re.IGNORECASE)
_MODE = re.compile(r"[A-Za-z_][\w-]*")  # "remove", "week", "xlsx": a choice, not data to craft

# --- What a request read of its query string or body ------------------------------------------
#
# A request whose whole answer (middleware, view, template) read only the keys K of its data is
# answered the same way for any other data that agrees with it on K (absent keys included): the
# code runs the same until it reads something that differs, and it never does. So once a crafted
# request of a route read only K, a later crafted request of that route and method that agrees
# on K would repeat it step for step, and is not sent (`probe`). Reads are noted on the request's
# QueryDicts key by key; anything that reads them whole (iterating, urlencode, copy, len) and
# anything that reads the raw query string (get_full_path, META["QUERY_STRING"]) or the raw body
# (request.body, read(), CONTENT_LENGTH) reads "everything", which keeps every later request.
# Not noted: core.bad_input's NUL scan (which reads every value before any view), so only
# requests without NUL are compared; the body's parse (the same for every crafted body: far
# within DATA_UPLOAD_MAX_NUMBER_FIELDS and DATA_UPLOAD_MAX_MEMORY_SIZE); and `request.headers`,
# made from META's HTTP_ and CONTENT_ entries: the body's length shows there too, and no code of
# ours reads it (`test_the_sweep_sees_what_a_request_reads` pins the noting).
EVERYTHING = "*"


@dataclass
class Reads:
    keys: dict[str, set[str]] = field(default_factory=lambda: {"GET": set(), "POST": set()})
    quiet: int = 0

    def note(self, side: str, key: str = EVERYTHING) -> None:
        if not self.quiet:
            self.keys[side].add(key)


READS: list[Reads] = []  # the request under way, while the sweep watches


def _note(side: str, key: str = EVERYTHING) -> None:
    if READS:
        READS[-1].note(side, key)


class _Quiet:
    def __enter__(self) -> None:
        if READS:
            READS[-1].quiet += 1

    def __exit__(self, *exc) -> None:
        if READS:
            READS[-1].quiet -= 1


def _keyed(name: str):
    base = getattr(QueryDict, name)

    def method(self, key, *args, **kwargs):
        _note(self.side, key)
        return base(self, key, *args, **kwargs)

    return method


def _whole(name: str):
    base = getattr(QueryDict, name)

    def method(self, *args, **kwargs):
        _note(self.side)
        return base(self, *args, **kwargs)

    return method


_KEYED = ("__getitem__", "__contains__", "get", "getlist", "_getlist", "setdefault", "setlistdefault", "pop")
_WHOLE = (
    "__iter__", "__len__", "__repr__", "__eq__", "__ne__", "__or__", "__ror__", "__copy__", "__deepcopy__",
    "__getstate__", "__reduce_ex__", "keys", "values", "items", "lists", "dict", "copy", "urlencode", "popitem",
)  # fmt: skip
_Watched = {
    side: type(
        f"Watched{side}",
        (QueryDict,),
        {"side": side, **{n: _keyed(n) for n in _KEYED}, **{n: _whole(n) for n in _WHOLE}},
    )
    for side in ("GET", "POST")
}


class _WatchedMeta(dict):
    """request.META: the raw query string and the body's length are the data read whole."""

    RAW = {"QUERY_STRING": "GET", "CONTENT_LENGTH": "POST"}

    def __getitem__(self, key):
        if key in self.RAW:
            _note(self.RAW[key])
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in self.RAW:
            _note(self.RAW[key])
        return super().get(key, default)


def _watched(request: HttpRequest, side: str, load) -> QueryDict:
    data = request.__dict__.get(f"_watched_{side}")
    if data is None:
        with _Quiet():
            data = load()
        if type(data) is QueryDict:
            data.__class__ = _Watched[side]
        request.__dict__[f"_watched_{side}"] = data
    return data


@pytest.fixture
def watched_reads(monkeypatch):
    """Note what each request reads of its data (see `Reads`) while the test runs."""
    init, get, post = WSGIRequest.__init__, WSGIRequest.__dict__["GET"].func, WSGIRequest._get_post
    body = HttpRequest.body

    def watched_init(self, environ):
        init(self, environ)
        self.environ = self.META = _WatchedMeta(self.META)

    def setter(side):
        def put(self, value):
            self.__dict__[f"_watched_{side}"] = value

        return put

    def raw(name, side):
        base = getattr(HttpRequest, name)

        def method(self, *args, **kwargs):
            _note(side)
            return base(self, *args, **kwargs)

        return method

    def read_body(self):
        _note("POST")
        return body.fget(self)

    def scan(request):
        with _Quiet():
            return nul_scan(request)

    from core import bad_input

    nul_scan = bad_input._carries_nul
    monkeypatch.setattr(bad_input, "_carries_nul", scan)
    monkeypatch.setattr(WSGIRequest, "__init__", watched_init)
    monkeypatch.setattr(WSGIRequest, "GET", property(lambda r: _watched(r, "GET", lambda: get(r)), setter("GET")))
    monkeypatch.setattr(WSGIRequest, "POST", property(lambda r: _watched(r, "POST", lambda: post(r)), setter("POST")))
    monkeypatch.setattr(HttpRequest, "body", property(read_body))
    for name in ("read", "readline", "readlines", "__iter__"):
        monkeypatch.setattr(HttpRequest, name, raw(name, "POST"))
    yield
    READS.clear()


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or the console's own name
    template: str  # with %(param)s placeholders
    params: tuple[str, ...]
    converters: dict
    model: type | None  # the console model the path names, if any
    view: object

    def accepts_text(self, param: str) -> bool:
        converter = self.converters.get(param)
        return converter is None or type(converter).__name__ in {"PathConverter", "StringConverter"}

    @property
    def is_public(self) -> bool:
        return not getattr(self.view, "login_required", True)

    @property
    def is_console(self) -> bool:
        return self.template.startswith("admin/")

    @property
    def is_generic_console_page(self) -> bool:
        view = self.view
        return self.is_console and (
            getattr(view, "__name__", "") in {"history_view", "delete_view"}
            or getattr(view, "view_class", None) is RedirectView
        )


def _walk(patterns, prefix: str, namespace: str, converters: dict) -> Iterator[tuple[str, str, dict, URLPattern]]:
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        found = {**converters, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, regex, inner, found)
        else:
            yield regex, namespace, found, pattern


_CONSOLE_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")


def routes(urlconf: str) -> list[Route]:
    found = []
    labels = {config.label for config in apps.get_app_configs()}
    for regex, namespace, converters, pattern in _walk(get_resolver(urlconf).url_patterns, "^", "", {}):
        template, params = normalize(regex)[0]
        model = None
        console = _CONSOLE_MODEL.match(template)
        if console and console.group(1) in labels:
            try:
                model = apps.get_model(console.group(1), console.group(2))
            except LookupError:
                model = None
        name = f"{namespace.strip(':')}:{pattern.name}" if namespace else (pattern.name or template)
        found.append(Route(name, template, tuple(params), converters, model, pattern.callback))
    return found


@dataclass
class World:
    """Ids of the objects the sweep's paths name, by route parameter."""

    ids: dict[str, dict[str, int | str]]  # route name -> {param: value}
    default: dict[str, int | str]  # param -> value for routes not named above
    # Query values a route needs before it reads anything else (the console's autocomplete looks
    # up its field first): kept in every request to that route, crafted values around them.
    fixed: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Sweep:
    client: object
    who: str
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    repeats: int = 0  # crafted requests not sent: an earlier one read nothing they differ in
    read: dict[str, set[str]] = field(default_factory=dict)  # what the last request read (`Reads`)

    def send(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        """(status, the page's text when it is HTML); a crash or a 5xx is recorded as a failure."""
        self.requests += 1
        cookies = {key: morsel.value for key, morsel in self.client.cookies.items()}
        where = f"{self.who}: {method} {_shown(path)} {_shown(data) if data else ''}".rstrip()
        reads = Reads()
        READS.append(reads)
        try:
            with transaction.atomic():
                request = self.client.get if method == "GET" else self.client.post
                response = request(path, data or {})
                transaction.set_rollback(True)
        except Exception as exc:  # every crash is what this sweep collects
            self.failures.append(f"{where} -> {type(exc).__name__}: {str(exc)[:160]} at {_origin(exc)}")
            return 500, ""
        finally:
            READS.remove(reads)
            self.read = reads.keys
            for key, value in cookies.items():
                self.client.cookies[key] = value
        if response.status_code >= 500:
            self.failures.append(f"{where} -> {response.status_code}")
        if getattr(response, "streaming", False):
            # Reading to the end closes the file the way the test client expects; closing the
            # response by hand would also close the test's database connection.
            b"".join(response.streaming_content)
            return response.status_code, ""
        if "html" not in response.get("Content-Type", ""):
            return response.status_code, ""
        return response.status_code, response.content.decode(errors="replace")


def _origin(exc: BaseException) -> str:
    """Where the crash happened: the innermost frame of the project's own code, and the innermost
    frame of all (often inside Django or the database driver)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if "site-packages" not in f.filename and "/tests/" not in f.filename]
    shown = [own[-1]] if own else []
    if frames and (not own or frames[-1] is not own[-1]):
        shown.append(frames[-1])
    return " / ".join(f"{f.filename.rsplit('/', 2)[-2]}/{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in shown)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "…"


def _fields(page: str) -> tuple[set[str], dict[str, list[str]]]:
    """The field names a page's forms and links use, and for each, the choices it offers in hidden
    fields, buttons, check boxes and links (`action=remove`, `view=week`)."""
    names: set[str] = set()
    modes: dict[str, list[str]] = {}

    def offer(name: str, value: str) -> None:
        if _MODE.fullmatch(value) and value not in modes.setdefault(name, []):
            modes[name].append(value)

    for tag, attributes in _TAG.findall(page):
        attrs = {key.lower(): html.unescape(value) for key, value in _ATTR.findall(attributes)}
        if "name" not in attrs:
            continue
        names.add(attrs["name"])
        if tag.lower() == "button" or attrs.get("type") in {"hidden", "submit", "radio", "checkbox"}:
            offer(attrs["name"], attrs.get("value", ""))
    for query in _LINK_QUERY.findall(page):
        for key, value in parse_qsl(html.unescape(query), keep_blank_values=True):
            names.add(key)
            offer(key, value)
    names.discard("csrfmiddlewaretoken")
    modes.pop("csrfmiddlewaretoken", None)
    return names, {name: values for name, values in modes.items() if values}


def _variants(names: set[str], modes: dict[str, list[str]], crafted: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Every crafted value in every field; from the second value on, the fields that choose a mode
    take one of the page's choices instead (or are left out), in turn."""
    ordered = sorted(names)
    widest = 1 + max((len(values) for values in modes.values()), default=0)
    for index, value in enumerate(crafted):
        turns = range(widest) if value == EVERY_MODE else [index - 1]
        for turn in turns if index else [None]:
            data = dict.fromkeys(ordered, value)
            if turn is not None:
                for name, values in modes.items():
                    choice = ([None, *values])[turn % (len(values) + 1)]
                    if choice is None:
                        del data[name]
                    else:
                        data[name] = choice
            yield data


def _paths(route: Route, world: World) -> tuple[str, list[tuple[str, str]]]:
    """The route's path with real ids, and the paths with a crafted value in one text parameter."""
    values = {**world.default, **world.ids.get(route.name, {})}
    if route.model is not None and "object_id" in route.params:
        first = route.model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        values["object_id"] = first if first is not None else 1

    def fill(**override) -> str:
        return "/" + route.template % {p: quote(str(override.get(p, values.get(p, 1))), safe="") for p in route.params}

    crafted = [
        (fill(**{param: value}), value)
        for param in route.params
        if route.accepts_text(param)
        for value in CRAFTED_IN_PATH
    ]
    return fill(), crafted


@dataclass(frozen=True)
class Page:
    """What one person sees at a route before anything is crafted: the answer and the fields."""

    status: int
    names: frozenset[str]
    modes: tuple[tuple[str, tuple[str, ...]], ...]


def look(sweep: Sweep, route: Route, world: World) -> Page:
    status, page = sweep.send("GET", _paths(route, world)[0])
    names, modes = _fields(page)
    return Page(status, frozenset(names), tuple(sorted((name, tuple(values)) for name, values in modes.items())))


def probe(sweep: Sweep, route: Route, world: World, page: Page) -> None:
    """The crafted values, in the query string and posted, at the route's path, then the crafted
    path values where the converter takes text."""
    page_path, crafted_paths = _paths(route, world)
    methods = {"GET", "POST"} - ({"POST"} if route.name.rsplit(":", 1)[-1] in POST_SKIPPED else set())
    values = SHORT if route.is_generic_console_page else CRAFTED
    fixed = world.fixed.get(route.name, {})
    common = CONSOLE_FIELDS if route.is_console else COMMON_FIELDS
    nul_refused = False
    # Per method, what each crafted request without NUL read of its data, with the values it
    # read: a later request that agrees on all of them would run the same code (see `Reads`).
    answered: dict[str, list[dict[str, str | None]]] = {"GET": [], "POST": []}
    for crafted in _variants((set(page.names) | set(common)) - set(fixed), dict(page.modes), values):
        data = {**crafted, **fixed}
        nul = any("\x00" in value for value in data.values())
        for method in sorted(methods):
            if not nul and any(all(data.get(k) == v for k, v in read.items()) for read in answered[method]):
                sweep.repeats += 1
                continue
            if method == "GET":
                status, answer = sweep.send("GET", page_path + "?" + urlencode(data))
                if crafted and next(iter(crafted.values())) == CRAFTED[0]:
                    nul_refused = status == 400 and NUL_REFUSAL in answer
            else:
                status, answer = sweep.send("POST", page_path, data)
            if status == 405:  # the method guard answers before any value is read
                methods.discard(method)
            elif not nul and EVERYTHING not in sweep.read[method]:
                answered[method].append({key: data.get(key) for key in sweep.read[method]})
    if route.is_console and "GET" in methods and not nul_refused:
        # A console list refuses a bad filter before it searches, so one crafted filter hides what
        # the search box does with the same value: NUL goes into each name on its own as well.
        # Not needed while core.bad_input refuses NUL in any name or value before any view runs
        # (the request with NUL in every name got its refusal above): each name alone would get
        # the same refusal from the same check, thousands of requests that reach no console code.
        for name in sorted((set(page.names) | set(CONSOLE_FIELDS)) - set(fixed)):
            sweep.send("GET", page_path + "?" + urlencode({name: CRAFTED[0], **fixed}))
    for path, value in crafted_paths:
        sweep.send("GET", path)
        if value == EVERY_MODE:
            sweep.send("POST", path, dict.fromkeys(COMMON_FIELDS, "1"))


def sweep(person: Sweep, routes: list[Route], world: World, *, skip=None) -> dict[str, Page]:
    """Look at every route, and probe it unless `skip(route, page)` says another person's sweep
    already covers what this one would see."""
    pages = {}
    for route in routes:
        page = pages[route.template] = look(person, route, world)
        if skip is None or not skip(route, page):
            probe(person, route, world, page)
    return pages


def _report(sweeps: list[Sweep], started: float) -> None:
    failures = [f for s in sweeps for f in s.failures]
    count, repeats = sum(s.requests for s in sweeps), sum(s.repeats for s in sweeps)
    print(  # noqa: T201 - its size and time, with -s
        f"\n{count} requests in {time.monotonic() - started:.1f} s ({repeats} more would have read nothing "
        f"new), {len(failures)} answered 5xx"
    )
    assert not failures, f"{len(failures)} requests answered 5xx:\n" + "\n".join(failures)


@pytest.fixture
def quiet_request_log():
    """Thousands of refused requests would each log a warning; the sweep reports what matters."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def no_worker_wait(monkeypatch):
    """No Celery worker runs here: the health probe would wait a second for one on every request
    (and answer its designed 503). It reads no input, so pretend the worker answered."""
    monkeypatch.setattr("core.health._celery_ok", lambda: True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def _institution_world() -> tuple[World, User]:
    """A little of everything in alpha, with `drafter` party to all of it."""
    org = org_chart("S")
    expense_delegation_table(org.positions)
    drafter = org.drafter
    task = org.task
    unit_task_grant(unit_task=task, user=org.colleague, actor=User.objects.get(username=ADMIN))
    card = card_for(task, drafter)
    goal = task_goal_add(
        card=card, year=2026, title="민원 처리기간 단축", indicator="평균 처리일", target="3일", actor=drafter
    )
    entry = card_entry_add(
        card=card, kind="plan", title="상반기 계획", body="추진 일정", entry_date=date(2026, 3, 5), actor=drafter
    )
    memo = memo_send(
        actor=drafter,
        kind=MemoReport.Kind.REPORT,
        title="주간 보고",
        body="보고드립니다.",
        recipients=[org.lead],
        files=[upload("보고.pdf", PDF, "application/pdf")],
    )
    directive = directive_issue(
        actor=org.lead,
        title="자료 제출",
        body="이번 주까지",
        due_on=date(2026, 12, 31),
        department=org.team,
        assignees=[drafter],
    )
    room = RoomFactory(name="대회의실")
    meeting = make_meeting(drafter, starts_at=kst(2026, 3, 5, 10), ends_at=kst(2026, 3, 5, 11), attendees=[drafter])
    decision = meeting_decision_add(meeting=meeting, actor=drafter, text="일정 확정")
    minutes = minutes_save(
        meeting=meeting,
        actor=drafter,
        title="주간업무회의 회의록",
        department_name="총무팀",
        held_from=kst(2026, 3, 5, 10),
        held_to=kst(2026, 3, 5, 11),
        place="소회의실",
        attendees_text="문기안",
        order_of_business="1. 보고",
        agenda_text="1. 일정",
        decisions_text="1. 일정 확정",
        remarks="없음",
    )
    minutes_file = minutes_attach(
        minutes=minutes, file=upload("회의.pdf", PDF, "application/pdf"), is_verbatim=False, actor=drafter
    )
    booking = room_book(
        room=room, starts_at=kst(2031, 3, 6, 10), ends_at=kst(2031, 3, 6, 11), purpose="면담", actor=drafter
    )
    schedule = schedule_entry_create(
        actor=drafter, scope="personal", title="출장", starts_at=kst(2026, 3, 5, 9), ends_at=kst(2026, 3, 5, 18)
    )
    draft = document_draft(actor=drafter, title="초안", body="<p>초안</p>", unit_task=task)
    document_attach(document=draft, actor=drafter, files=[upload("초안.pdf", PDF, "application/pdf")])
    pending = submitted(
        org,
        drafter=org.colleague,
        approval_line=line((StepKind.REVIEW, drafter), (StepKind.APPROVAL, org.manager)),
    )
    expense = plan(org)
    receipt = received()
    world = World(
        ids={
            "tasks:goal_edit": {"pk": task.pk, "goal_pk": goal.pk},
            "tasks:goal_delete": {"pk": task.pk, "goal_pk": goal.pk},
            "memos:attachment": {"pk": memo.pk, "attachment_pk": memo.attachments.get().pk},
            "meetings:booking_cancel": {"pk": booking.pk},
            "meetings:decision_directive": {"pk": decision.pk},
            "meetings:attachment": {"pk": minutes_file.pk},
            "approval:attachment": {"pk": draft.pk, "attachment_pk": DocumentAttachment.objects.get(document=draft).pk},
            "approval:detach": {"pk": draft.pk, "attachment_pk": DocumentAttachment.objects.get(document=draft).pk},
            "approval:version": {"pk": pending.pk, "number": 1},
            "receipts:attachment": {
                "pk": receipt.pk,
                "attachment_pk": ReceivedAttachment.objects.get(received=receipt).pk,
            },
            **{
                f"tasks:{n}": {"pk": task.pk}
                for n in ("unit_task_detail", "card_create", "card_edit", "goal_add", "entry_add", "handover", "grant")
            },
            **{f"tasks:{n}": {"entry_pk": entry.pk} for n in ("entry_revise", "entry_versions", "milestone_complete")},
            **{f"memos:{n}": {"pk": memo.pk} for n in ("detail", "reply")},
            **{
                f"directives:{n}": {"pk": directive.pk}
                for n in ("detail", "plan", "progress", "complete", "reopen", "cancel", "comment")
            },
            **{
                f"meetings:{n}": {"pk": meeting.pk}
                for n in (
                    "detail",
                    "edit",
                    "cancel",
                    "rsvp",
                    "decision_add",
                    "minutes_edit",
                    "minutes_attach",
                    "minutes_finalise",
                )
            },
            **{f"calendar:{n}": {"pk": schedule.pk} for n in ("entry_edit", "entry_delete")},
            **{
                f"approval:{n}": {"pk": draft.pk}
                for n in ("edit", "autosave", "submit", "discard", "line", "people", "attach")
            },
            **{
                f"approval:{n}": {"pk": pending.pk}
                for n in (
                    "pdf",
                    "detail",
                    "approve",
                    "reject",
                    "hold",
                    "resume",
                    "withdraw",
                    "redraft",
                    "comment",
                    "edit_body",
                    "post_approve",
                    "circulate",
                    "grant_read",
                    "revoke_read",
                )
            },
            **{f"budget:{n}": {"pk": expense.pk} for n in ("plan_detail", "plan_resubmit")},
            **{
                f"receipts:{n}": {"pk": receipt.pk}
                for n in ("detail", "pdf", "register", "distribute", "assign", "circulate", "complete")
            },
            "notifications:go": {"pk": Notification.objects.filter(recipient=drafter).order_by("pk").first().pk},
        },
        default={
            "app_label": "org",
            "url": "nowhere/",
            "content_type_id": ContentType.objects.get_for_model(User).pk,
            "object_id": drafter.pk,
            "id": drafter.pk,
        },
        fixed={"institution_admin:autocomplete": {"app_label": "org", "model_name": "absence", "field_name": "user"}},
    )
    assert Directive.objects.filter(pk=directive.pk).exists()
    assert RoomBooking.objects.filter(pk=booking.pk).exists()
    assert ExpensePlan.objects.filter(pk=expense.pk).exists()
    return world, drafter


def test_no_institution_page_answers_5xx_to_crafted_input(
    alpha, client_for, media, quiet_request_log, no_worker_wait, watched_reads
):
    started = time.monotonic()
    with schema_context("alpha"):
        world, drafter = _institution_world()
    admin, staff = (Sweep(client_for(alpha), username) for username in (ADMIN, drafter.username))
    for signed_in in (admin, staff):
        assert login(signed_in.client, signed_in.who).status_code == 302
    anonymous = Sweep(client_for(alpha), "anonymous")

    every = routes("config.urls_tenant")
    with schema_context("alpha"):  # where the console's object ids are looked up
        # Staff are refused at the console's door; every other page they are party to.
        seen = sweep(staff, [r for r in every if not r.is_console], world)
        # The admin: the console, and the pages where the admin is shown other fields than staff.
        sweep(
            admin,
            every,
            world,
            skip=lambda r, page: not r.is_console and (page.status != 200 or page == seen[r.template]),
        )
        sweep(anonymous, [r for r in every if r.is_public], world)
    _report([admin, staff, anonymous], started)


def test_no_province_page_answers_5xx_to_crafted_input(
    province_client, media, quiet_request_log, no_worker_wait, watched_reads
):
    started = time.monotonic()
    with schema_context("alpha"):
        alpha = Institution.objects.get(schema_name="alpha")
    with schema_context("public"):
        receipt = received(sender_code="alpha")
        OutboxMessage.objects.create(
            sender=alpha,
            recipient=Institution.objects.get(schema_name="beta"),
            sender_document_id=1,
            payload={"title": "협조 요청"},
            created_at=timezone.now() - timedelta(days=1),
        )
        planner = User.objects.get(username=PLANNER)
        world = World(
            ids={
                **{
                    f"receipts:{n}": {"pk": receipt.pk}
                    for n in ("detail", "pdf", "register", "distribute", "assign", "circulate", "complete")
                },
                "receipts:attachment": {
                    "pk": receipt.pk,
                    "attachment_pk": ReceivedAttachment.objects.get(received=receipt).pk,
                },
                "notifications:go": {
                    "pk": (Notification.objects.filter(recipient=planner).values_list("pk", flat=True).first() or 1)
                },
            },
            default={
                "app_label": "tenants",
                "url": "nowhere/",
                "content_type_id": ContentType.objects.get_for_model(User).pk,
                "object_id": planner.pk,
                "id": planner.pk,
            },
            fixed={
                "province_admin:autocomplete": {"app_label": "org", "model_name": "department", "field_name": "parent"}
            },
        )
    assert login(province_client, PLANNER).status_code == 302
    planning, anonymous = (
        Sweep(province_client, PLANNER),
        Sweep(HostClient(HTTP_HOST=settings.BASE_DOMAIN), "anonymous"),
    )
    every = routes("config.urls_public")
    with schema_context("public"):
        sweep(planning, every, world)
        sweep(anonymous, [r for r in every if r.is_public], world)
    _report([planning, anonymous], started)


def test_the_sweep_sees_what_a_request_reads(watched_reads):
    """What `probe` leaves out rests on this noting: a key read is noted by name; reading the
    data whole, or the raw query string or body, is noted as everything; the NUL scan is not."""
    from django.http.request import RawPostDataException
    from django.template import engines
    from django.test import RequestFactory

    from core import bad_input

    def noted(make, read) -> dict[str, set[str]]:
        READS.append(reads := Reads())
        try:
            read(make())
        finally:
            READS.remove(reads)
        return reads.keys

    get = lambda: RequestFactory().get("/page/?q=%C2%B2&view=week&x=1")  # noqa: E731
    post = lambda: RequestFactory().post("/page/", {"title": "²", "action": "remove"})  # noqa: E731
    assert noted(get, bad_input._carries_nul) == {"GET": set(), "POST": set()}
    assert noted(get, lambda r: (r.GET.get("q"), "view" in r.GET, r.GET.getlist("y"))) == {
        "GET": {"q", "view", "y"},
        "POST": set(),
    }
    page = engines["django"].from_string("{{ request.GET.q }}")
    assert noted(get, lambda r: page.render({"request": r})) == {"GET": {"q"}, "POST": set()}
    for whole in (
        lambda r: r.GET.urlencode(),
        lambda r: dict(r.GET),
        lambda r: list(r.GET.items()),
        lambda r: bool(r.GET),
        lambda r: r.GET.copy(),
        lambda r: r.get_full_path(),
        lambda r: r.build_absolute_uri(),
    ):
        assert EVERYTHING in noted(get, whole)["GET"]
    assert noted(post, lambda r: (bad_input._carries_nul(r), r.POST["action"])) == {"GET": set(), "POST": {"action"}}

    def body(request):
        with pytest.raises(RawPostDataException):  # the parse read the stream; noted all the same
            request.body  # noqa: B018

    for whole in (body, lambda r: r.read(), lambda r: r.POST.dict(), lambda r: r.META.get("CONTENT_LENGTH")):
        assert EVERYTHING in noted(lambda: (r := post(), r.POST)[0], whole)["POST"]
