"""A pytest plugin that runs a session as on a machine without ``libharfbuzz-subset0``:

    .venv/bin/pytest -p tests.no_harfbuzz_subset <tests>

The library is hidden from WeasyPrint before anything imports it (WeasyPrint loads its libraries
on import), which is exactly what a host without the package gives it: it warns and subsets the
embedded font with fontTools instead. The session's summary says whether the library was loaded.
"""

from __future__ import annotations


def hide_harfbuzz_subset() -> None:
    """Make every attempt to load libharfbuzz-subset fail. Must run before WeasyPrint is imported."""
    import cffi

    real_dlopen = cffi.FFI.dlopen
    if getattr(real_dlopen, "hides_harfbuzz_subset", False):
        return

    def dlopen(self, name, *args, **kwargs):
        if name and "harfbuzz-subset" in str(name):
            raise OSError(f"{name}: hidden (no libharfbuzz-subset0)")
        return real_dlopen(self, name, *args, **kwargs)

    dlopen.hides_harfbuzz_subset = True
    cffi.FFI.dlopen = dlopen


hide_harfbuzz_subset()


def pytest_terminal_summary(terminalreporter):
    from weasyprint.text import ffi

    terminalreporter.write_line(f"weasyprint: libharfbuzz-subset loaded={ffi.harfbuzz_subset is not None}")
