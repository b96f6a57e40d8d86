"""Decode photos off the UI thread: a QThreadPool of QRunnables, a small LRU cache, stale drop.

Evidence photos are often 12–50 MP phone or drone JPEGs; decoding one at full size takes
hundreds of milliseconds and a 48 MP image needs ~190 MB as a QImage. So every read is a
*scaled* read (``QImageReader.setScaledSize``: the JPEG decoder then skips most of the DCT
work) and runs in a worker thread; the image comes back through a queued signal. EXIF
orientation is honoured by ``QImageReader.setAutoTransform(True)``.

A request carries an id; the widget remembers the id it waits for and ignores any other
(the user moved on). Requests still queued when a newer one for the same slot arrives are
taken back from the pool, so a fast scroll through a hundred photos decodes only the last.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from qgis.PyQt.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, pyqtSignal
from qgis.PyQt.QtGui import QImage, QImageIOHandler, QImageReader

# Reasons a photo cannot be shown; the dock turns them into translated messages.
MISSING = "missing"
UNREADABLE = "unreadable"
EMPTY = "empty"
UNSUPPORTED = "unsupported"  # HEIC, RAW, JPEG XL…: no Qt image plugin for the format

THUMB_SIZE = QSize(128, 96)
THUMB_CACHE = 256  # 128×96 RGB32 ≈ 48 kB each: ~12 MB at most
VIEW_CACHE = 6  # the large view: a few back and forth steps without a new decode


@dataclass(frozen=True)
class Failure:
    """Why a photo was not decoded: one of the reasons above and the reader's own words."""

    reason: str
    detail: str


def scaled_size(stored: QSize, transformation: int, box: QSize) -> QSize:
    """The size to ask the decoder for so the *displayed* (maybe rotated) image fits ``box``.

    ``setScaledSize`` applies before the EXIF transformation, so for a 90° orientation the
    box is compared with the swapped stored size.
    """
    width, height = stored.width(), stored.height()
    if width <= 0 or height <= 0:
        return QSize()
    rotated = bool(transformation & QImageIOHandler.TransformationRotate90)
    shown_w, shown_h = (height, width) if rotated else (width, height)
    scale = min(1.0, box.width() / shown_w, box.height() / shown_h)
    return QSize(max(1, round(width * scale)), max(1, round(height * scale)))


def read_image(path: str, box: QSize | None) -> tuple[QImage | None, Failure | None]:
    """Decode ``path`` with its EXIF orientation applied, scaled to fit ``box`` (None: full)."""
    file = Path(path)
    if not file.is_file():
        return None, Failure(MISSING, path)
    if file.stat().st_size == 0:
        return None, Failure(EMPTY, path)
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    if not reader.canRead():
        reason = (
            UNSUPPORTED if reader.error() == QImageReader.UnsupportedFormatError else UNREADABLE
        )
        return None, Failure(reason, reader.errorString())
    if box is not None and box.isValid():
        size = scaled_size(reader.size(), int(reader.transformation()), box)
        if size.isValid():
            reader.setScaledSize(size)
    image = reader.read()
    if image.isNull():
        return None, Failure(UNREADABLE, reader.errorString())
    return image, None


class _Signals(QObject):
    # request id, path, image (null on failure), failure reason, failure detail
    done = pyqtSignal(int, str, QImage, str, str)


class _Job(QRunnable):
    def __init__(self, request: int, path: str, box: QSize | None, signals: _Signals) -> None:
        super().__init__()
        self.request, self.path, self.box, self.signals = request, path, box, signals
        self.setAutoDelete(False)  # the loader may still tryTake() it

    def run(self) -> None:
        image, failure = read_image(self.path, self.box)
        self.signals.done.emit(
            self.request,
            self.path,
            image if image is not None else QImage(),
            failure.reason if failure else "",
            failure.detail if failure else "",
        )


class ImageLoader(QObject):
    """Asynchronous scaled reads with one LRU cache per size.

    ``loaded(request, path, image)`` and ``failed(request, path, Failure)`` arrive on the UI
    thread. ``request(slot, path, box)`` returns the request id, or -1 when the image came
    from the cache and ``loaded`` was already emitted. A slot ("view", or one per thumbnail
    path) holds at most one queued job: a newer request takes the queued one back.
    """

    loaded = pyqtSignal(int, str, QImage)
    failed = pyqtSignal(int, str, object)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.done.connect(self._done, Qt.QueuedConnection)
        self._next = 0
        self._queued: dict[str, _Job] = {}  # slot -> its newest job not yet finished
        self._alive: dict[int, _Job] = {}  # request -> job: Python must own it until done
        self._slot_of: dict[int, str] = {}
        self._box_of: dict[int, QSize | None] = {}
        self._caches: dict[tuple[int, int], OrderedDict[str, QImage]] = {}
        self._limits: dict[tuple[int, int], int] = {}

    def _cache(self, box: QSize | None) -> OrderedDict[str, QImage]:
        key = (box.width(), box.height()) if box is not None else (0, 0)
        if key not in self._caches:
            self._caches[key] = OrderedDict()
            self._limits[key] = (
                THUMB_CACHE if key == (THUMB_SIZE.width(), THUMB_SIZE.height()) else VIEW_CACHE
            )
        return self._caches[key]

    def _limit(self, box: QSize | None) -> int:
        key = (box.width(), box.height()) if box is not None else (0, 0)
        return self._limits.get(key, VIEW_CACHE)

    def cached(self, path: str, box: QSize | None) -> QImage | None:
        cache = self._cache(box)
        image = cache.get(path)
        if image is not None:
            cache.move_to_end(path)
        return image

    def request(self, slot: str, path: str, box: QSize | None) -> int:
        self._next += 1
        request = self._next
        image = self.cached(path, box)
        if image is not None:
            self.loaded.emit(request, path, image)
            return -1
        old = self._queued.pop(slot, None)
        if old is not None and self.pool.tryTake(old):
            # never started: forget it; when already running its answer arrives and is dropped
            self._alive.pop(old.request, None)
            self._slot_of.pop(old.request, None)
            self._box_of.pop(old.request, None)
        job = _Job(request, path, box, self._signals)
        self._queued[slot] = job
        self._alive[request] = job
        self._slot_of[request] = slot
        self._box_of[request] = box
        self.pool.start(job)
        return request

    def _done(self, request: int, path: str, image: QImage, reason: str, detail: str) -> None:
        self._alive.pop(request, None)
        slot = self._slot_of.pop(request, None)
        box = self._box_of.pop(request, None)
        job = self._queued.get(slot) if slot is not None else None
        if job is not None and job.request == request:
            del self._queued[slot]
        if reason:
            self.failed.emit(request, path, Failure(reason, detail))
            return
        cache = self._cache(box)
        cache[path] = image
        cache.move_to_end(path)
        while len(cache) > self._limit(box):
            cache.popitem(last=False)
        self.loaded.emit(request, path, image)

    def cancel(self, slot: str) -> None:
        """Take back the slot's job if it has not started (its strip is gone)."""
        job = self._queued.pop(slot, None)
        if job is not None and self.pool.tryTake(job):
            self._alive.pop(job.request, None)
            self._slot_of.pop(job.request, None)
            self._box_of.pop(job.request, None)
        elif job is not None:
            self._queued[slot] = job  # running: its answer comes and is cached

    def forget(self, path: str) -> None:
        """Drop every cached size of ``path`` (the file changed)."""
        for cache in self._caches.values():
            cache.pop(path, None)

    def dispose(self) -> None:
        """Take back queued jobs and wait for the running ones (unload must not leave
        workers emitting into a deleted object)."""
        for job in self._queued.values():
            self.pool.tryTake(job)
        self._queued.clear()
        self.pool.waitForDone()
        self._alive.clear()
