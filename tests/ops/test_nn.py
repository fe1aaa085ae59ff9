"""graphflow.nn: softmax, losses, dropout; and sort/argsort/top_k."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from graphflow.testing import assert_eager_graph_equal


def _logits(draw_shape=None):
    return hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                      elements=st.floats(-30, 30, width=32))


def _np_log_softmax(x, axis):
    x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


@given(x=_logits(), data=st.data())
def test_softmax_and_log_softmax(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    sm = assert_eager_graph_equal(lambda t: tf.nn.softmax(t, axis=axis), x)
    lsm = assert_eager_graph_equal(lambda t: tf.nn.log_softmax(t, axis=axis), x, rtol=1e-5)
    ref = _np_log_softmax(x, axis)
    np.testing.assert_allclose(lsm.numpy(), ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(sm.numpy(), np.exp(ref), rtol=1e-5, atol=1e-6)
    assert sm.dtype == tf.float32 and sm.shape == x.shape


def test_softmax_is_stable_and_checks_rank():
    x = tf.constant([[1000.0, 0.0], [-1000.0, -1000.0]])
    np.testing.assert_allclose(tf.nn.softmax(x).numpy(), [[1, 0], [0.5, 0.5]])
    np.testing.assert_allclose(tf.nn.log_softmax(x).numpy(),
                               [[0, -1000], [np.log(0.5), np.log(0.5)]], rtol=1e-6)
    with pytest.raises(errors.InvalidArgumentError):
        tf.nn.softmax(tf.constant(1.0))
    with pytest.raises(errors.InvalidArgumentError):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(errors.InvalidArgumentError):
        tf.nn.softmax(tf.ones([2, 2]), axis=2)


@given(x=hnp.arrays(np.float32, (3, 4), elements=st.floats(-50, 50, width=32)),
       z=hnp.arrays(np.float32, (3, 4), elements=st.floats(0, 1, width=32)))
def test_sigmoid_cross_entropy(x, z):
    out = assert_eager_graph_equal(
        lambda l, g: tf.nn.sigmoid_cross_entropy_with_logits(labels=l, logits=g), z, x,
        rtol=1e-5)
    x64, z64 = x.astype(np.float64), z.astype(np.float64)
    ref = np.maximum(x64, 0) - x64 * z64 + np.log1p(np.exp(-np.abs(x64)))
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-5, atol=1e-5)


def test_sigmoid_cross_entropy_shape_check():
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones([2]), logits=tf.ones([3]))
    with pytest.raises(ValueError):
        tf.nn.sigmoid_cross_entropy_with_logits(logits=tf.ones([3]))


@given(x=hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                    elements=st.floats(-40, 40, width=32)), data=st.data())
def test_sparse_softmax_cross_entropy(x, data):
    n = x.shape[-1]
    labels = data.draw(hnp.arrays(np.int32, x.shape[:-1], elements=st.integers(0, n - 1)))
    out = assert_eager_graph_equal(
        lambda l, g: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=l, logits=g),
        labels, x, rtol=1e-5)
    ref = -np.take_along_axis(_np_log_softmax(x, -1), labels[..., None].astype(int), -1)
    assert out.shape == labels.shape and out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), ref[..., 0], rtol=1e-5, atol=1e-5)


def test_sparse_softmax_cross_entropy_errors():
    logits = tf.zeros([2, 3])
    with pytest.raises(errors.InvalidArgumentError, match="outside the valid range"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[5, 0], logits=logits)
    with pytest.raises(ValueError, match="Rank mismatch"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 1]], logits=logits)
    out = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant([1, 2], tf.int64), logits=logits)
    np.testing.assert_allclose(out.numpy(), [np.log(3)] * 2, rtol=1e-6)


def test_softmax_cross_entropy_with_probabilities():
    labels = np.array([[0.2, 0.8], [1.0, 0.0]], np.float32)
    logits = np.array([[1.0, 2.0], [3.0, -1.0]], np.float32)
    out = assert_eager_graph_equal(tf.nn.softmax_cross_entropy_with_logits, labels, logits)
    ref = -np.sum(labels * _np_log_softmax(logits, -1), axis=-1)
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-5)


def test_l2_loss():
    x = np.array([[1.0, -2.0], [3.0, 0.5]], np.float32)
    out = assert_eager_graph_equal(tf.nn.l2_loss, x)
    assert out.shape == () and out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), np.sum(x * x) / 2)


# ---- dropout -------------------------------------------------------------------------------
def test_dropout_scales_kept_values_and_drops_about_rate():
    x = tf.ones([200, 50])
    y = tf.nn.dropout(x, rate=0.3).numpy()
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.7)}
    assert abs((y == 0).mean() - 0.3) < 0.03
    np.testing.assert_allclose(y.mean(), 1.0, atol=0.05)


def test_dropout_noise_shape_shares_the_mask():
    y = tf.nn.dropout(tf.ones([4, 50]), 0.5, noise_shape=[1, 50]).numpy()
    assert np.all(y == y[0])
    z = tf.nn.dropout(tf.ones([4, 50]), 0.5, noise_shape=[None, 1]).numpy()
    assert np.all(z == z[:, :1])


def test_dropout_errors():
    with pytest.raises(ValueError, match="range"):
        tf.nn.dropout(tf.ones([3]), rate=1.0)
    with pytest.raises(ValueError, match="floating"):
        tf.nn.dropout(tf.ones([3], tf.int32), rate=0.5)
    with pytest.raises(errors.InvalidArgumentError):
        tf.nn.dropout(tf.ones([3, 2]), 0.5, noise_shape=[4, 2])


def test_dropout_seeds_and_new_values_per_call():
    x = tf.ones([100])
    tf.random.set_seed(42)
    a1, a2 = tf.nn.dropout(x, 0.5, seed=1).numpy(), tf.nn.dropout(x, 0.5, seed=1).numpy()
    assert not np.array_equal(a1, a2)
    tf.random.set_seed(42)
    b1, b2 = tf.nn.dropout(x, 0.5, seed=1).numpy(), tf.nn.dropout(x, 0.5, seed=1).numpy()
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)

    @tf.function
    def f(t):
        return tf.nn.dropout(t, 0.5)
    c1, c2 = f(x).numpy(), f(x).numpy()
    assert not np.array_equal(c1, c2)
    assert f.experimental_get_tracing_count() == 1


def test_dropout_is_not_merged_with_an_identical_dropout():
    @tf.function
    def f(t):
        return tf.nn.dropout(t, 0.5), tf.nn.dropout(t, 0.5)
    a, b = f(tf.ones([200]))
    assert not np.array_equal(a.numpy(), b.numpy())


# ---- sorting -------------------------------------------------------------------------------
@given(x=hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                    elements=st.sampled_from([-1.0, 0.0, 2.5, 3.0])), data=st.data())
def test_sort_and_argsort_are_stable(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    for direction in ("ASCENDING", "DESCENDING"):
        def sort(t):
            return tf.sort(t, axis=axis, direction=direction)

        def argsort(t):
            return tf.argsort(t, axis=axis, direction=direction, stable=True)
        s = assert_eager_graph_equal(sort, x)
        i = assert_eager_graph_equal(argsort, x)
        key = x if direction == "ASCENDING" else -x
        ref_i = np.argsort(key, axis=axis, kind="stable")
        assert i.dtype == tf.int32
        np.testing.assert_array_equal(i.numpy(), ref_i)
        np.testing.assert_array_equal(s.numpy(), np.take_along_axis(x, ref_i, axis))


def test_sort_errors():
    with pytest.raises(ValueError, match="direction"):
        tf.sort([1.0], direction="UP")
    with pytest.raises(errors.InvalidArgumentError):
        tf.sort(tf.ones([2]), axis=1)


@given(x=hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                    elements=st.sampled_from([-1.0, 0.0, 2.5, 3.0])), data=st.data())
def test_top_k(x, data):
    k = data.draw(st.integers(0, x.shape[-1]))
    out = assert_eager_graph_equal(lambda t: tf.math.top_k(t, k=k), x)
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    assert out.indices.dtype == tf.int32 and out.values.shape == x.shape[:-1] + (k,)
    np.testing.assert_array_equal(out.indices.numpy(), order)
    np.testing.assert_array_equal(out.values.numpy(), np.take_along_axis(x, order, -1))
    values, indices = tf.nn.top_k(x, k)
    np.testing.assert_array_equal(indices.numpy(), order)


def test_top_k_errors():
    with pytest.raises(errors.InvalidArgumentError, match="at least k"):
        tf.math.top_k(tf.ones([2, 3]), k=4)
    with pytest.raises(errors.InvalidArgumentError):
        tf.math.top_k(tf.constant(1.0))


def test_leaky_relu_casts_integers_and_log_sigmoid_is_stable():
    out = tf.nn.leaky_relu(tf.constant([-5, 5]))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), [-1.0, 5.0])
    x = np.array([-100.0, 0.0, 100.0], np.float32)
    got = assert_eager_graph_equal(tf.math.log_sigmoid, x)
    np.testing.assert_allclose(got.numpy(), [-100.0, np.log(0.5), 0.0], atol=1e-6)


def test_cross_entropy_labels_are_not_cast_as_tf():
    with pytest.raises(errors.InvalidArgumentError):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[1, 0], logits=[0.5, 0.5])
    out = tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[0.0, 0.0])
    np.testing.assert_allclose(out.numpy(), [np.log(2)] * 2, rtol=1e-6)


def test_dropout_rate_zero_returns_x_and_rate_may_be_a_tensor():
    x = tf.ones([3, 5])
    assert tf.nn.dropout(x, rate=0.0) is x
    y = tf.nn.dropout(x, rate=tf.constant(0.5, tf.float64)).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0}
    with pytest.raises(ValueError, match="scalar"):
        tf.nn.dropout(x, rate=[0.5, 0.5])


def test_l2_normalize_moments_bias_add():
    x = np.array([[3.0, 4.0], [0.0, 0.0]], np.float32)
    out = assert_eager_graph_equal(lambda t: tf.math.l2_normalize(t, axis=1), x)
    np.testing.assert_allclose(out.numpy(), [[0.6, 0.8], [0.0, 0.0]], rtol=1e-6)
    mean, var = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0])
    np.testing.assert_allclose(mean.numpy(), [2.0, 4.0])
    np.testing.assert_allclose(var.numpy(), [1.0, 4.0])
    kept = tf.nn.moments(tf.ones([2, 3]), axes=[1], keepdims=True)
    assert kept[0].shape == (2, 1) and kept[1].shape == (2, 1)
    b = tf.nn.bias_add(tf.zeros([2, 3]), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(b.numpy(), [[1, 2, 3]] * 2)
    nchw = tf.nn.bias_add(tf.zeros([1, 2, 2, 2]), [1.0, 2.0], data_format="NCHW")
    np.testing.assert_allclose(nchw.numpy()[0, :, 0, 0], [1.0, 2.0])
    with pytest.raises(errors.InvalidArgumentError, match="biases"):
        tf.nn.bias_add(tf.zeros([2, 3]), [1.0, 2.0])
    assert tf.math.softmax is tf.nn.softmax


def test_axes_given_as_constant_tensors_inside_functions():
    @tf.function
    def f(x):
        axis = tf.constant(0)
        return (tf.nn.softmax(x, axis=axis), tf.argsort(x, axis=axis),
                tf.argmax(x, axis=axis), tf.cumsum(x, axis=axis))
    x = np.array([[1.0, 5.0], [3.0, 2.0]], np.float32)
    sm, order, arg, cs = f(x)
    np.testing.assert_allclose(sm.numpy(), tf.nn.softmax(x, axis=0).numpy())
    np.testing.assert_array_equal(order.numpy(), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(arg.numpy(), [1, 0])
    np.testing.assert_allclose(cs.numpy(), np.cumsum(x, 0))
    with pytest.raises(ValueError, match="single int"):
        tf.nn.softmax(x, axis=[0, 1])
