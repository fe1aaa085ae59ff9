"""Each zoo program gives the same result as plain Python on eager tensors and compiled,
under every executor."""
import numpy as np
import pytest

import graphflow as tf
from ag_zoo import PROGRAMS


def _as_arg(v):
    return tf.constant(v) if isinstance(v, (np.ndarray, np.generic)) else v


def _values(result):
    """Leaves as arrays; Python numbers as the tensors they become in graphs."""
    return [np.asarray(tf.convert_to_tensor(t)) for t in tf.nest.flatten(result)]


@pytest.mark.parametrize("fn,args", PROGRAMS,
                         ids=["%s-%d" % (f.__name__, i) for i, (f, _) in enumerate(PROGRAMS)])
def test_eager_equals_compiled(fn, args, executor):
    args = [_as_arg(a) for a in args]
    eager = fn(*args)
    compiled = tf.function(fn)(*args)
    expected, got = _values(eager), _values(compiled)
    assert len(expected) == len(got)
    for e, g in zip(expected, got):
        assert e.dtype == g.dtype, (e, g)
        np.testing.assert_allclose(g, e, rtol=1e-6)


def test_zoo_is_large_enough():
    assert len({f for f, _ in PROGRAMS}) >= 60
