"""Items of Python dicts and lists as loop and branch state: constant keys (`d["a"]`,
`l[0]`) are carried like attributes; other item assignments to an outer collection inside
graph control flow are rejected with an error naming the collection and the line."""
import inspect

import numpy as np
import pytest

import graphflow as tf


def dict_items_in_loop(n):
    d = {"total": tf.constant(0), "scale": tf.constant(1)}
    for i in tf.range(n):
        d["total"] = d["total"] + i
        d["scale"] *= 2
    return d


def list_item_in_while(n):
    acc = [tf.constant(0.0), tf.constant(5.0)]
    i = tf.constant(0)
    while i < n:
        acc[0] += tf.cast(i, tf.float32)
        i += 1
    return acc


def dict_item_in_tensor_if(x):
    d = {"y": x}
    if x > 0:
        d["y"] = x * 10
    else:
        d["y"] = -x
    return d["y"]


class Stats:
    def __init__(self):
        self.values = {"count": tf.constant(0)}

    def count_positive(self, xs):
        for x in xs:
            if x > 0:
                self.values["count"] += 1
        return self.values["count"]


def body_local_dict(n):
    total = tf.constant(0)
    for i in tf.range(n):
        parts = {}
        parts["sq"] = i * i
        total += parts["sq"]
    return total


@pytest.mark.parametrize("fn,arg", [(dict_items_in_loop, 4), (list_item_in_while, 3),
                                    (dict_item_in_tensor_if, 3), (dict_item_in_tensor_if, -3),
                                    (body_local_dict, 4)])
def test_constant_key_items_eager_equals_compiled(fn, arg):
    eager = tf.nest.flatten(fn(tf.constant(arg)))
    compiled = tf.nest.flatten(tf.function(fn)(tf.constant(arg)))
    assert len(eager) == len(compiled)
    for e, c in zip(eager, compiled):
        np.testing.assert_array_equal(c.numpy(), e.numpy())


def test_values_and_one_while_node():
    out = tf.function(dict_items_in_loop)(tf.constant(4))
    assert int(out["total"]) == 6 and int(out["scale"]) == 16
    graph = tf.function(dict_items_in_loop).get_concrete_function(tf.constant(1)).graph
    assert sum(n.op.name in ("While", "StatelessWhile") for n in graph.nodes) == 1


def test_item_of_attribute_in_method():
    xs = tf.constant([1, -2, 3, 4])
    assert int(tf.function(Stats().count_positive)(xs)) == 3
    eager = Stats()
    assert int(eager.count_positive(xs)) == 3 and int(eager.values["count"]) == 3
    assert "self.values['count']" in tf.autograph.to_code(Stats.count_positive)


def dynamic_index_in_tensor_loop(n):
    slots = [tf.constant(0), tf.constant(0)]
    for i in tf.range(n):
        slots[i % 2] = slots[i % 2] + i
    return slots


def dynamic_key_in_tensor_if(x, key):
    d = {"a": x}
    if x > 0:
        d[key] = x + 1
    return d


def _line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    return first + next(k for k, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("fn,args,text", [
    (dynamic_index_in_tensor_loop, (tf.constant(3),), "for i in tf.range(n)"),
    (dynamic_key_in_tensor_if, (tf.constant(3), "a"), "if x > 0")])
def test_other_item_assignment_names_collection_and_line(fn, args, text):
    with pytest.raises(ValueError) as info:
        tf.function(fn)(*args)
    message = str(info.value)
    name = "slots" if fn is dynamic_index_in_tensor_loop else "d"
    assert "'%s'" % name in message and "item assignment" in message
    assert 'File "%s", line %d' % (__file__, _line_of(fn, text)) in message


def test_item_assignment_in_python_loop_still_works():
    def python_loop(x):
        slots = [x, x]
        for i in range(4):
            slots[i % 2] = slots[i % 2] + i
        return slots
    got = tf.function(python_loop)(tf.constant(1))
    assert [int(v) for v in got] == [3, 5]
