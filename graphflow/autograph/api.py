"""AutoGraph's entry points: `to_graph`, `to_code`, `do_not_convert`, and the hook
`graphflow.function` uses on every traced function."""
import functools
import inspect

from graphflow.autograph import conversion
from graphflow.autograph.pyct import parser


def _python_function(entity):
    return getattr(entity, "python_function", entity)


def convert_for_tracing(fn):
    """The function to trace for `fn`: its converted version (cached per function), or `fn`
    unchanged (with a warning) when its source cannot be read."""
    original = getattr(fn, "__graphflow_original__", None)
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    if original is not None and "ref" in cells:
        # A method bound by graphflow.function: convert the method, keep the binding.
        instance_ref = cells["ref"].cell_contents
        converted = convert_for_tracing(original)

        @functools.wraps(original)
        def bound(*args, **kwargs):
            return converted(instance_ref(), *args, **kwargs)
        return bound
    if inspect.ismethod(fn):
        converted = convert_for_tracing(fn.__func__)
        return fn if converted is fn.__func__ else converted.__get__(fn.__self__)
    if conversion.is_unconvertible(fn):
        return fn
    return conversion.try_convert(fn)


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted Python function for `entity` (a function, method or
    graphflow.function): graph control flow when called with symbolic tensors."""
    fn = _python_function(entity)
    if hasattr(fn, "__func__"):
        return conversion.convert(fn.__func__).__get__(fn.__self__)
    return conversion.convert(fn)


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The source code AutoGraph generates for `entity`, as a string."""
    fn = _python_function(entity)
    fn = getattr(fn, "__func__", fn)
    node, _ = conversion.transform(fn)
    return parser.unparse(node) + "\n"


def do_not_convert(func=None):
    """Decorator: run `func` as written, without AutoGraph conversion."""
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    wrapper.__graphflow_do_not_convert__ = True
    return wrapper


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None):
    """Loop options for the enclosing loop; AutoGraph moves them onto the While it builds.
    Called outside converted code it has no effect, as in TF."""
    del parallel_iterations, swap_memory, maximum_iterations, shape_invariants


def tf_convert(fn):
    """`fn`, converted when it runs while a graphflow.function is being traced (how Keras
    layers call the user's `call`); as written otherwise."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from graphflow.eager import context
        if context.state.builder is None:
            return fn(*args, **kwargs)
        return conversion.converted_call(fn, args, kwargs)
    return wrapper
