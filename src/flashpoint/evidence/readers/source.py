"""An input to read (a file or stdin), the per-item error type, and the checks every reader shares.

Every reader turns raw bytes into text the same way: refuse files over the size limit, binary data
(NUL bytes, UTF-16/32 byte-order marks) and bytes that are not UTF-8, each with one clear message
naming the input, what was expected and what was got.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from flashpoint.errors import ReaderError

#: Largest file a reader accepts (HTML, feeds, text); also the largest JSONL line: 20 MB
#: (trafilatura's own limit).
MAX_INPUT_BYTES = 20_000_000
#: Longest article text accepted: spaCy's default ``nlp.max_length`` (1,000,000 characters).
MAX_TEXT_CHARS = 1_000_000

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass(frozen=True, slots=True)
class ItemError:
    """One input item that could not be read or processed.

    ``origin`` names the item (``path``, ``path:line``, ``feed.xml#3``, ``-``); ``message`` says what
    was expected and what was got. Batches collect these and go on with the rest.
    """

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file ``path``, bytes in memory (``data``) or a binary ``stream`` read once (stdin)."""

    origin: str
    path: Path | None = None
    data: bytes | None = None
    stream: BinaryIO | None = None
    fmt: str | None = None  # the format when already known (stdin is sniffed before it is read)

    def size(self) -> int | None:
        """Return the size in bytes, or None when it cannot be known."""
        if self.data is not None:
            return len(self.data)
        try:
            return os.stat(self.path).st_size if self.path is not None else None
        except OSError:
            return None

    def open(self) -> BinaryIO:
        """Open the input as a binary stream (raises :class:`ReaderError` when it cannot be opened)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.stream is not None:
            return cast(BinaryIO, _Unclosed(self.stream))
        assert self.path is not None
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as exc:
            raise ReaderError(f"{self.origin}: cannot open: {exc.strerror or exc}") from None

    def read_bytes(self, limit: int = MAX_INPUT_BYTES) -> bytes:
        """Read the whole input, refusing more than ``limit`` bytes."""
        size = self.size()
        if size is not None and size > limit:
            raise ReaderError(too_large(self.origin, size, limit))
        with self.open() as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise ReaderError(too_large(self.origin, None, limit))
        return data


class _Unclosed:
    """A view of a stream that a reader may 'close' without closing the stream itself (stdin)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size)

    def close(self) -> None:
        pass

    def __enter__(self) -> _Unclosed:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def too_large(origin: str, size: int | None, limit: int) -> str:
    got = f"{size / 1e6:,.1f} MB" if size is not None else "more than that"
    return (
        f"{origin}: file too large: the limit is {limit / 1e6:,.0f} MB per file (or JSONL line); "
        f"got {got}. Split it into articles (e.g. one JSONL line each)."
    )


def decode_text(data: bytes, origin: str) -> str:
    """Decode UTF-8 bytes to text with newlines normalised to ``\\n``.

    Parameters
    ----------
    data : bytes
        The raw input.
    origin : str
        The input's name, used in error messages.

    Raises
    ------
    ReaderError
        On empty input, binary data or bytes that are not UTF-8.
    """
    if not data.strip():
        raise ReaderError(f"{origin}: empty input: expected an article; got {len(data)} bytes of whitespace")
    check_not_binary(data, origin)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise ReaderError(
            f"{origin}: expected UTF-8 text; got byte(s) {bad} at offset {exc.start} "
            "(binary, or another encoding: re-encode it as UTF-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_not_binary(head: bytes, origin: str) -> None:
    """Raise :class:`ReaderError` when ``head`` (the first bytes of an input) is UTF-16/32 or binary."""
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            raise ReaderError(f"{origin}: expected UTF-8 text; got {name} (re-encode it as UTF-8)")
    nul = head.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise ReaderError(f"{origin}: expected UTF-8 text; got binary data (a NUL byte at offset {nul})")


def check_text(text: str, origin: str) -> str:
    """Return ``text`` when it is a usable article; raise :class:`ReaderError` otherwise."""
    if not text.strip():
        raise ReaderError(f"{origin}: no article text: expected some text; got none")
    if len(text) > MAX_TEXT_CHARS:
        raise ReaderError(
            f"{origin}: article too long: the limit is {MAX_TEXT_CHARS:,} characters; "
            f"got {len(text):,}. Split it into articles."
        )
    return text
