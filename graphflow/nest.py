"""Flatten and rebuild nested structures (lists, tuples, namedtuples, dicts), as tf.nest."""


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_nested(x):
    """True for the containers nest descends into."""
    return isinstance(x, (list, tuple, dict))


def flatten(structure):
    """Leaves of `structure` in a canonical order (dict keys sorted)."""
    out = []
    _flatten(structure, out)
    return out


def _flatten(x, out):
    if isinstance(x, (list, tuple)):
        for item in x:
            _flatten(item, out)
    elif isinstance(x, dict):
        for k in _sorted_keys(x):
            _flatten(x[k], out)
    else:
        out.append(x)


def _sorted_keys(d):
    try:
        return sorted(d)
    except TypeError:
        return sorted(d, key=repr)


def pack_sequence_as(structure, flat):
    """Rebuild `structure`'s shape with the leaves in `flat`."""
    it = iter(flat)
    result = _pack(structure, it)
    leftover = sum(1 for _ in it)
    if leftover:
        raise ValueError("pack_sequence_as: %d more leaves than the structure holds" % leftover)
    return result


def _pack(x, it):
    if isinstance(x, list):
        return [_pack(v, it) for v in x]
    if _is_namedtuple(x):
        return type(x)(*[_pack(v, it) for v in x])
    if isinstance(x, tuple):
        return tuple(_pack(v, it) for v in x)
    if isinstance(x, dict):
        packed = {k: _pack(x[k], it) for k in _sorted_keys(x)}
        return type(x)((k, packed[k]) for k in x) if type(x) is not dict else \
            {k: packed[k] for k in x}
    try:
        return next(it)
    except StopIteration:
        raise ValueError("pack_sequence_as: not enough leaves for the structure") from None


def map_structure(fn, *structures):
    """Apply `fn` leafwise to structures of the same shape."""
    first = structures[0]
    flats = [flatten(s) for s in structures]
    for s, f in zip(structures[1:], flats[1:]):
        assert_same_structure(first, s)
    return pack_sequence_as(first, [fn(*xs) for xs in zip(*flats)])


def structure_key(x):
    """A hashable description of the containers in `x` (leaves become '*')."""
    if isinstance(x, list):
        return ("list",) + tuple(structure_key(v) for v in x)
    if _is_namedtuple(x):
        return (type(x),) + tuple(structure_key(v) for v in x)
    if isinstance(x, tuple):
        return ("tuple",) + tuple(structure_key(v) for v in x)
    if isinstance(x, dict):
        return ("dict",) + tuple((k, structure_key(x[k])) for k in _sorted_keys(x))
    return "*"


def assert_same_structure(a, b, check_types=False):
    """Raise ValueError when `a` and `b` do not nest the same way."""
    ka, kb = structure_key(a), structure_key(b)
    if not check_types:
        ka, kb = _loosen(ka), _loosen(kb)
    if ka != kb:
        raise ValueError("The two structures don't have the same nested structure.\n"
                         "First structure: %r\nSecond structure: %r" % (a, b))


def _loosen(key):
    if isinstance(key, tuple):
        head = key[0]
        if head in ("list", "tuple") or isinstance(head, type):
            return ("seq",) + tuple(_loosen(k) for k in key[1:])
        if head == "dict":
            return ("dict",) + tuple((k, _loosen(v)) for k, v in key[1:])
    return key
