"""Reading and rewriting the parts of a saved file (for corruption tests)."""
import io
import json
import zipfile

from graphflow.io.container import ARRAYS_MEMBER, JSON_MEMBER


def read_parts(path):
    """(JSON document, npz bytes) of a saved file."""
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(JSON_MEMBER)), z.read(ARRAYS_MEMBER)


def write_parts(path, doc, npz, json_text=None):
    """Write a saved file from a (possibly damaged) document and npz bytes."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(JSON_MEMBER, json_text if json_text is not None else json.dumps(doc))
        z.writestr(ARRAYS_MEMBER, npz)


def npz_with(arrays):
    """npz bytes holding `arrays` (a dict of name -> array)."""
    import numpy as np
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def nodes_of(doc, function=0):
    return doc["functions"][function]["graph"]["nodes"]


def find_node(doc, op, function=0):
    """(index, node document) of the first node running `op` in the top-level graph."""
    for i, node in enumerate(nodes_of(doc, function)):
        if node["op"] == op:
            return i, node
    raise LookupError(op)
