"""Math, linalg, sorting and nn ops survive save/load: their attrs are portable."""
import numpy as np

import graphflow as tf


def model(x, labels):
    h = tf.nn.leaky_relu(tf.einsum("bi,ij->bj", x, tf.ones([4, 5])), alpha=0.3)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=h)
    return (tf.reduce_mean(loss, axis=[0], keepdims=True),
            tf.argmax(h, 1, output_type=tf.int32), tf.math.top_k(h, 2).indices,
            tf.cumsum(h, 1, reverse=True), tf.sort(h, direction="DESCENDING"),
            tf.norm(h, 2, axis=[0, 1]), tf.nn.softmax(h, axis=0),
            tf.tensordot(x, x, [[0], [0]]), tf.clip_by_value(h, 0.1, 0.9),
            h, tf.nn.dropout(h, 0.5, seed=3))


def test_save_and_load_round_trip(tmp_path):
    compiled = tf.function(model)
    x = np.random.rand(3, 4).astype(np.float32)
    labels = np.array([0, 1, 2], np.int32)
    expected = compiled(x, labels)
    tf.save(compiled.get_concrete_function(x, labels), str(tmp_path / "model"))
    loaded = tf.load(str(tmp_path / "model"))
    got = loaded(x, labels)
    assert len(got) == len(expected)
    for e, g in zip(expected[:-1], got[:-1]):
        assert g.dtype == e.dtype
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-6)
    h, dropped = got[-2].numpy(), got[-1].numpy()
    assert np.all((dropped == 0) | np.isclose(dropped, 2 * h))
