"""Django's file cache, reading an entry with three system calls: the heartbeat cache of the embedded default.

Django's FileBasedCache opens an entry through Python's buffered file objects (open, fstat, reads until the
end of the file, close) and unpickles its expiry straight from the file. Every system call lets go of the GIL, and
a thread that has let go of it waits for the other threads of its process to hand it back: in a gunicorn
worker with four busy threads, the four entries a video heartbeat reads cost it more than its SQL
(docs/performance.md, "Heartbeat"). This one opens the file, reads it whole in one read and closes it, and
decodes the same format, so entries written by either class (the Celery worker's too) read the same.
Writing, expiry, culling and deleting are Django's.
"""

import io
import os
import pickle
import time
import zlib

from django.core.cache.backends.filebased import FileBasedCache

# Larger than any entry of the heartbeat cache (a lesson's facts: a few hundred bytes); a larger entry takes
# one more read per 64 KiB.
READ_SIZE = 64 * 1024


class FileCache(FileBasedCache):
    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            fd = os.open(fname, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return default
        try:
            chunks = [os.read(fd, READ_SIZE)]
            # A short read of a regular file is its end; only a full one may have more behind it.
            while len(chunks[-1]) == READ_SIZE:
                chunks.append(os.read(fd, READ_SIZE))
        finally:
            os.close(fd)
        entry = io.BytesIO(b"".join(chunks))
        try:
            expiry = pickle.load(entry)  # noqa: S301 - the cache folder is ours (0700), as in Django's class
        except EOFError:
            expiry = 0  # an empty file is expired, as Django's class has it
        if expiry is not None and expiry < time.time():
            self._delete(fname)
            return default
        return pickle.loads(zlib.decompress(entry.read()))  # noqa: S301 - as above
