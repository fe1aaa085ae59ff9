"""The saved file: one zip holding `graphflow.json` (the graphs) and `arrays.npz`
(constants and variable values). Nothing is unpickled: arrays are read with
`allow_pickle=False` after their headers were checked for sane sizes."""
import io
import json
import os
import tempfile
import zipfile
import zlib

import numpy as np

from graphflow import dtypes
from graphflow.errors import GraphFormatError
from graphflow.io.codec import MAX_DIM, short_repr

JSON_MEMBER = "graphflow.json"
ARRAYS_MEMBER = "arrays.npz"
MAX_JSON_BYTES = 64 << 20
MAX_ARRAY_BYTES = 1 << 34
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError)


class ArrayWriter:
    """Collects arrays for the npz; `put` returns the key the JSON refers to."""

    def __init__(self):
        self.arrays = {}

    def put(self, array):
        key = "a%d" % len(self.arrays)
        self.arrays[key] = np.asarray(array)
        return key


class ArrayReader:
    """Reads arrays out of the npz on demand, checking each header before the data."""

    def __init__(self, data):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._names = {i.filename: i for i in self._zip.infolist()}
        except _READ_ERRORS as e:
            raise GraphFormatError("%s is not a valid npz archive: %s" % (ARRAYS_MEMBER, e)) \
                from None
        self._cache = {}

    def get(self, ref, where):
        if not isinstance(ref, str) or ref + ".npy" not in self._names:
            raise GraphFormatError("%s: no array %s in %s"
                                   % (where, short_repr(ref), ARRAYS_MEMBER))
        if ref not in self._cache:
            try:
                self._cache[ref] = self._read(ref + ".npy", where)
            except _READ_ERRORS as e:
                raise GraphFormatError("%s: array %r is corrupted: %s: %s"
                                       % (where, ref, type(e).__name__, e)) from None
        return self._cache[ref]

    def _read(self, member, where):
        info = self._names[member]
        if info.file_size > MAX_ARRAY_BYTES:
            raise GraphFormatError("%s: absurd size: array %s is %d bytes" % (
                where, member, info.file_size))
        with self._zip.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise GraphFormatError("%s: unsupported npy version %s" % (where, version))
            if dtype.hasobject or dtype.kind not in "biufc" or dtype.byteorder == ">":
                raise GraphFormatError("%s: array dtype %s is not allowed" % (where, dtype))
            size = int(np.prod(shape, dtype=object))
            if size > MAX_DIM or size * dtype.itemsize > info.file_size:
                raise GraphFormatError("%s: array header claims shape %s, more than the "
                                       "file holds" % (where, list(shape)))
            array = np.frombuffer(f.read(size * dtype.itemsize), dtype=dtype)
        if array.size != size:
            raise GraphFormatError("%s: array %s is truncated" % (where, member))
        return array.reshape(shape, order="F" if fortran else "C").copy()


def write(path, doc, arrays):
    """Write the zip atomically (a temporary file renamed over `path`)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays.arrays)
    text = json.dumps(doc, allow_nan=False, separators=(",", ":"))
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".graphflow-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w") as z:
            z.writestr(JSON_MEMBER, text, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(ARRAYS_MEMBER, buf.getvalue(), compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read(path):
    """(JSON document, ArrayReader) of a saved file; GraphFormatError if it is damaged."""
    if not os.path.isfile(path):
        raise FileNotFoundError("No saved graphflow function at %r" % (path,))
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
            for member in (JSON_MEMBER, ARRAYS_MEMBER):
                if member not in infos:
                    raise GraphFormatError("%s: not a graphflow file (no %s inside)"
                                           % (path, member))
            if infos[JSON_MEMBER].file_size > MAX_JSON_BYTES or \
                    infos[ARRAYS_MEMBER].file_size > MAX_ARRAY_BYTES:
                raise GraphFormatError("%s: absurd size: a member is larger than allowed"
                                       % path)
            text = z.read(JSON_MEMBER)
            data = z.read(ARRAYS_MEMBER)
    except _READ_ERRORS as e:
        raise GraphFormatError("%s: truncated or corrupted file (%s: %s)"
                               % (path, type(e).__name__, e)) from None
    try:
        doc = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise GraphFormatError("%s: %s is not valid JSON: %s" % (path, JSON_MEMBER, e)) \
            from None
    return doc, ArrayReader(data)


def array_dtype(array, where):
    """The graphflow DType of a loaded array."""
    try:
        return dtypes.from_numpy(array.dtype)
    except TypeError:
        raise GraphFormatError("%s: unsupported array dtype %s" % (where, array.dtype)) \
            from None
