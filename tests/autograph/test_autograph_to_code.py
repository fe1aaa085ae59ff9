"""`to_code` shows readable generated source; `to_graph` gives a callable converted function."""
import graphflow
import graphflow as tf


@graphflow.function
def sum_squares(n):
    s = 0
    for i in graphflow.range(n):
        s += i ** 2
    return s


EXPECTED = '''\
def gf__sum_squares(n):
    s = 0

    def get_state():
        return (s,)

    def set_state(vars_):
        nonlocal s
        s, = vars_

    def loop_body(itr):
        nonlocal s
        i = itr
        s += i ** 2
    ag__.for_stmt(ag__.converted_call(graphflow.range, (n,), None), None, loop_body, \
get_state, set_state, ('s',), {'iterate_names': 'i'})
    return s
'''


def test_to_code_of_sum_squares():
    assert tf.autograph.to_code(sum_squares) == EXPECTED


def test_to_code_output_compiles():
    compile(tf.autograph.to_code(sum_squares), "<to_code>", "exec")


def test_to_graph_runs_eagerly_and_in_graphs():
    converted = tf.autograph.to_graph(sum_squares)
    assert int(converted(tf.constant(4))) == 14
    assert int(tf.function(converted)(tf.constant(4))) == 14


def test_conversion_is_cached_per_function():
    assert tf.autograph.to_graph(sum_squares) is tf.autograph.to_graph(sum_squares)


def with_break_and_return(x):
    for v in x:
        if v < 0:
            return v
        if v > 10:
            break
    return 0.0


def test_to_code_lowers_break_and_return():
    code = tf.autograph.to_code(with_break_and_return)
    assert "break_ = True" in code and "do_return = True" in code
    assert "ag__.for_stmt(" in code and "extra_test" in code
    assert "return ag__.retval(retval_)" in code
