"""Shape folding: Shape/Size/Rank of static shapes become constants, nothing else does."""
import numpy as np

import graphflow as tf
from graphflow.passes.shape_folding import shape_folding
from graph_helpers import traced, run, ops, assert_same_results


def test_static_shapes_become_constants():
    x = np.ones((2, 3), np.float32)
    g, _ = traced(lambda x: (tf.shape(x), tf.size(x), tf.rank(x),
                             tf.shape(x, out_type=tf.int64)), tf.constant(x))
    f, stats = shape_folding(g)
    assert not {"Shape", "Size", "Rank"} & set(ops(f))
    assert len(stats["changes"]) == 4
    assert_same_results(run(g, [x]), run(f, [x]))


def test_shapes_of_computed_tensors_fold_without_computing_them():
    x = np.ones((2, 3), np.float32)
    g, _ = traced(lambda x: tf.shape(tf.matmul(x, x, transpose_b=True)), tf.constant(x))
    f, _ = shape_folding(g)
    assert "Shape" not in ops(f)
    assert run(f, [x])[0].tolist() == [2, 2]


def test_unknown_dims_are_left_alone_but_rank_folds():
    fn = tf.function(lambda x: (tf.shape(x), tf.size(x), tf.rank(x)),
                     input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    g = fn.get_concrete_function().unoptimized_graph
    f, _ = shape_folding(g)
    assert "Shape" in ops(f) and "Size" in ops(f) and "Rank" not in ops(f)
    x = np.ones((5, 3), np.float32)
    assert_same_results(run(g, [x]), run(f, [x]))
