"""Exceptions raised by the core. Each carries a one-line, specific reason for people."""


class ReaderError(Exception):
    """Base class for errors that are reported to the user as one line."""


class ImportFailure(ReaderError):
    """A file (or one record of a collection) cannot be imported; str(exc) is the reason."""


class LibraryBusy(ReaderError):
    """Another process holds the library for writing and did not release it in time."""


class ReadOnlyLibrary(ReaderError):
    """A write was asked of a library that can only be read (a read-only mount, no write
    permission); nothing changed."""


class NotFound(ReaderError):
    """No document with that id."""


class InvalidArgument(ReaderError):
    """A request the core refuses as given (a bad span, an unknown colour); nothing changed."""


class OutputExists(InvalidArgument):
    """The output file exists and overwriting it was not asked for."""


class OutputError(ReaderError):
    """The output file cannot be written (missing folder, no permission, a folder there)."""
