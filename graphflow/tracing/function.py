"""`function`: trace a Python function into graphs cached per input signature (TF 2's
`tf.function`)."""
import functools
import inspect
import threading
import warnings
import weakref

import numpy as np

from graphflow import config, nest
from graphflow.eager import context
from graphflow.eager.tensor import EagerTensor, Tensor
from graphflow.eager.variable import Variable
from graphflow.graph.graph import Graph
from graphflow.ops.convert import convert_to_tensor
from graphflow.shapes import TensorSpec
from graphflow.tracing import signature as sig
from graphflow.tracing.builder import GraphBuilder
from graphflow.tracing.concrete import ConcreteFunction

RETRACE_WARNING_THRESHOLD = 5


class Function:
    """A callable that traces its Python function once per input signature."""

    def __init__(self, python_function, input_signature=None, autograph=True,
                 reduce_retracing=False, jit_compile=None, name=None):
        self._python_function = python_function
        self._autograph = autograph
        self._reduce_retracing = reduce_retracing
        self.jit_compile = jit_compile
        self._name = name or getattr(python_function, "__name__", "function")
        self._input_signature = None if input_signature is None else tuple(
            nest.flatten(list(input_signature)))
        self._signature_structure = None if input_signature is None else list(input_signature)
        for s in self._input_signature or ():
            if not isinstance(s, TensorSpec):
                raise TypeError("input_signature must contain TensorSpecs, got %r" % (s,))
        self._cache = {}
        self._relaxed = {}
        self._tracing_count = 0
        self._lock = threading.RLock()
        self._warned = False
        self._converted = None
        self._variables_created = False
        try:
            self._signature = inspect.signature(python_function)
        except (TypeError, ValueError):
            self._signature = None
        self._npos = _simple_positional_count(self._signature)
        self._bound_instances = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, python_function, updated=())

    # --- public API ---------------------------------------------------------------------------
    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return None if self._signature_structure is None else tuple(self._signature_structure)

    @property
    def function_spec(self):
        return self._signature

    def experimental_get_tracing_count(self):
        return self._tracing_count

    def __call__(self, *args, **kwargs):
        if config.functions_run_eagerly():
            return self._python_function(*args, **kwargs)
        if context.state.builder is not None:
            return self._target()(*args, **kwargs)
        if kwargs or len(args) != self._npos:
            args = self._canonicalize(args, kwargs)
        if self._input_signature is not None:
            return self._call_with_signature(args)
        values = [a._value for a in args if type(a) is EagerTensor]
        if len(values) == len(args):   # fast path: only eager tensors (make_key's key)
            tensors = args
            key = (tuple,) + tuple([(a.dtype, v.shape) for a, v in zip(args, values)])
            cf = self._cache.get(key)
        else:
            tensors = []
            key = sig.make_key(args, tensors)
            cf = self._cache.get(key)
            values = [t._value if type(t) is EagerTensor else _value_of(t) for t in tensors]
        if cf is None:
            cf = self._concrete_for(args, key, tensors)
        result = cf._call_flat(values)
        if context.state.tapes:
            from graphflow.autodiff.function_grad import record_call
            record_call(cf, tensors, values, result)
        return result

    def get_concrete_function(self, *args, **kwargs):
        """The ConcreteFunction for these arguments (tensors, TensorSpecs or Python values)."""
        if self._input_signature is not None and not args and not kwargs:
            return self._signature_concrete()
        args = self._canonicalize(args, kwargs)
        if self._input_signature is not None:
            self._check_signature(args)
            return self._signature_concrete()
        tensors = []
        key = sig.make_key(args, tensors)
        cf = self._cache.get(key)
        return cf if cf is not None else self._concrete_for(args, key, tensors)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        bound = self._bound_instances.get(instance)
        if bound is None:
            ref = weakref.ref(instance)
            fn = self._python_function

            @functools.wraps(fn)
            def method(*args, **kwargs):
                return fn(ref(), *args, **kwargs)
            method.__graphflow_original__ = fn
            bound = Function(method, self._signature_structure, self._autograph,
                             self._reduce_retracing, self.jit_compile, self._name)
            bound._signature = _drop_first(self._signature)
            bound._npos = _simple_positional_count(bound._signature)
            self._bound_instances[instance] = bound
        return BoundFunction(bound, instance)

    def __repr__(self):
        return "<graphflow.Function %s>" % self._name

    # --- arguments -------------------------------------------------------------------------------
    def _canonicalize(self, args, kwargs):
        """Bind kwargs and defaults to positions, so f(1, y=2) and f(1, 2) share a trace."""
        if self._signature is None:
            return tuple(args) + tuple(kwargs[k] for k in sorted(kwargs))
        return sig.bind_positional(self._signature, args, kwargs, self._name)

    def _positional_names(self, count):
        """The parameter name of each of `count` positional arguments (None past them)."""
        params = [] if self._signature is None else [
            p.name for p in self._signature.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        return (params + [None] * count)[:count]

    # --- input_signature ------------------------------------------------------------------------
    def _check_signature(self, args):
        specs = self._input_signature
        if len(args) != len(self._signature_structure):
            raise TypeError("%s: expected %d arguments matching input_signature %s, got %d"
                            % (self._name, len(self._signature_structure), list(specs),
                               len(args)))
        flat = _flatten_like(self._signature_structure, list(args), self._name)
        values = []
        for i, (a, spec) in enumerate(zip(flat, specs)):
            if isinstance(a, TensorSpec):
                if not spec.is_compatible_with(a):
                    raise ValueError("%s: argument %d is %r, which is not compatible with "
                                     "input_signature %r" % (self._name, i, a, spec))
                values.append(None)
                continue
            try:
                t = a if isinstance(a, Tensor) else convert_to_tensor(a, dtype=spec.dtype)
            except (TypeError, ValueError) as e:
                raise TypeError("%s: argument %d (%r) cannot be converted to %r: %s"
                                % (self._name, i, a, spec, e)) from None
            if isinstance(t, Variable) or hasattr(t, "_as_graph_tensor"):
                t = t._as_graph_tensor()
            if t.dtype is not spec.dtype:
                raise TypeError("%s: argument %d is a %s tensor but input_signature expects "
                                "%r" % (self._name, i, t.dtype.name, spec))
            if not spec.shape.is_compatible_with(t.shape):
                raise ValueError("%s: argument %d has shape %s, which is not compatible with "
                                 "input_signature %r" % (self._name, i, t.shape, spec))
            values.append(t._value)
        return values

    def _signature_concrete(self):
        cf = self._cache.get("signature")
        if cf is None:
            with self._lock:
                cf = self._cache.get("signature")
                if cf is None:
                    args = nest.pack_sequence_as(self._signature_structure,
                                                 list(self._input_signature))
                    cf = self._trace(tuple(args), list(self._input_signature))
                    self._cache["signature"] = cf
        return cf

    def _call_with_signature(self, args):
        values = self._check_signature(args)
        cf = self._signature_concrete()
        result = cf._call_flat(values)
        if context.state.tapes:
            from graphflow.autodiff.function_grad import record_call
            record_call(cf, nest.flatten(list(args)), values, result)
        return result

    # --- tracing -------------------------------------------------------------------------------
    def _concrete_for(self, args, key, tensors):
        with self._lock:
            cf = self._cache.get(key)
            if cf is not None:
                return cf
            specs = [sig.spec_of(t) for t in tensors]
            if self._reduce_retracing:
                rkey = sig.relax_key(key)
                seen = self._relaxed.get(rkey)
                if seen is not None:
                    for cand in seen:
                        if all(s.is_compatible_with(c) for s, c in
                               zip(specs, cand._arg_specs)):
                            self._cache[key] = cand
                            return cand
                    specs = [TensorSpec(s.shape.most_specific_common_supertype(
                        [c.shape for c in seen[-1]._arg_specs]), s.dtype)
                        for s, c in zip(specs, seen[-1]._arg_specs)]
            cf = self._trace(args, specs)
            self._cache[key] = cf
            if self._reduce_retracing:
                self._relaxed.setdefault(sig.relax_key(key), []).append(cf)
            return cf

    def _target(self):
        if self._converted is None:
            fn = self._python_function
            if self._autograph:
                from graphflow.autograph import api as autograph_api
                fn = autograph_api.convert_for_tracing(fn)
            self._converted = fn
        return self._converted

    def _trace(self, args, specs):
        graph = Graph(self._name)
        builder = GraphBuilder(graph, allow_variable_creation=not self._variables_created)
        spec_iter = iter(specs)

        def placeholder(leaf):
            if _is_tensor_leaf(leaf):
                spec = next(spec_iter)
                return graph.add_input(spec.dtype, spec.shape._dims, spec.name or "x")
            return leaf
        with context.building(builder):
            symbolic_args = nest.map_structure(placeholder, list(args))
            result = self._target()(*symbolic_args)
            flat = nest.flatten(result)
            is_tensor = []
            outs = []
            for leaf in flat:
                t = _output_tensor(leaf)
                if t is None:
                    is_tensor.append(False)
                    continue
                if getattr(t, "graph", None) is not graph:
                    t = builder.capture(t)
                is_tensor.append(True)
                outs.append(t)
        user_inputs = list(graph.inputs)
        graph.outputs = outs
        graph.inputs = user_inputs + [ph for _, ph, _ in builder.capture_list]
        captures = [outer for outer, _, _ in builder.capture_list]
        if builder.created_variables:
            self._variables_created = True
        self._tracing_count += 1
        self._maybe_warn()
        from graphflow.passes.pipeline import optimize
        unoptimized = graph
        graph, report = optimize(graph)
        input_structure = nest.map_structure(
            lambda leaf: sig.spec_of(leaf) if _is_tensor_leaf(leaf) else leaf, list(args))
        input_structure = [_named_after_parameter(s, n) for s, n in
                           zip(input_structure, self._positional_names(len(args)))]
        cf = ConcreteFunction(graph, captures, list(specs), (tuple(input_structure), {}),
                              result, is_tensor, self._name, report, unoptimized)
        cf.arg_names = [n or "arg%d" % i
                        for i, n in enumerate(self._positional_names(len(args)))]
        cf._prepare()
        return cf

    def _maybe_warn(self):
        if self._tracing_count >= RETRACE_WARNING_THRESHOLD and not self._warned:
            self._warned = True
            warnings.warn(
                "%d calls to %s triggered graphflow.function retracing. Tracing is expensive "
                "and the excessive number of tracings could be due to (1) creating "
                "@graphflow.function repeatedly in a loop, (2) passing tensors with "
                "different shapes, (3) passing Python objects instead of tensors. For (1), "
                "define the function outside the loop. For (2), use input_signature with "
                "None dims or reduce_retracing=True. For (3), pass Python values as tensors."
                % (self._tracing_count, self._name), RuntimeWarning, stacklevel=4)


class BoundFunction:
    """A Function bound to an instance: keeps the instance alive while the caller holds it
    (e.g. `Model().method(x)`); the per-instance Function itself only holds a weak ref."""

    __slots__ = ("_function", "_instance")

    def __init__(self, function, instance):
        self._function = function
        self._instance = instance

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._function, name)

    def __repr__(self):
        return "<bound graphflow.Function %s of %r>" % (self._function._name, self._instance)


def _flatten_like(structure, value, name):
    """Flatten `value` down to the TensorSpec leaves of `structure` (lists become tensors)."""
    if isinstance(structure, TensorSpec):
        return [value]
    if isinstance(structure, dict):
        if not isinstance(value, dict) or set(value) != set(structure):
            raise TypeError("%s: expected a dict with keys %s matching input_signature, got %r"
                            % (name, sorted(structure), value))
        return [x for k in sorted(structure) for x in _flatten_like(structure[k], value[k],
                                                                     name)]
    if not isinstance(value, (list, tuple)) or len(value) != len(structure):
        raise TypeError("%s: expected a sequence of %d elements matching input_signature %r, "
                        "got %r" % (name, len(structure), structure, value))
    return [x for s, v in zip(structure, value) for x in _flatten_like(s, v, name)]


def _is_tensor_leaf(x):
    return isinstance(x, (Tensor, np.ndarray, TensorSpec, np.generic))


def _value_of(t):
    if isinstance(t, np.ndarray):
        return t
    if isinstance(t, np.generic):
        return np.asarray(t)
    return t._value


def _output_tensor(leaf):
    if isinstance(leaf, Tensor):
        return leaf
    if isinstance(leaf, Variable) or hasattr(leaf, "_as_graph_tensor"):
        return leaf._as_graph_tensor()
    if isinstance(leaf, (bool, int, float, np.ndarray, np.generic)):
        return convert_to_tensor(leaf)
    return None


def _simple_positional_count(signature):
    """Number of parameters when all are plain positional without defaults, else -1."""
    if signature is None:
        return -1
    n = 0
    for p in signature.parameters.values():
        if p.kind is not p.POSITIONAL_OR_KEYWORD or p.default is not p.empty:
            return -1
        n += 1
    return n


def _drop_first(signature):
    if signature is None:
        return None
    params = list(signature.parameters.values())[1:]
    return signature.replace(parameters=params)


def function(func=None, input_signature=None, autograph=True, reduce_retracing=False,
             jit_compile=None, experimental_relax_shapes=None, name=None):
    """Compile `func` into graphs traced per input signature (decorator, with or without args)."""
    if experimental_relax_shapes is not None:
        reduce_retracing = reduce_retracing or experimental_relax_shapes

    def decorate(fn):
        if isinstance(fn, Function):
            return fn
        return Function(fn, input_signature, autograph, reduce_retracing, jit_compile, name)
    if func is None:
        return decorate
    return decorate(func)



def _named_after_parameter(spec, name):
    """As TF, an unnamed top-level TensorSpec in a signature takes its parameter's name."""
    if isinstance(spec, TensorSpec) and spec.name is None and name is not None:
        return TensorSpec(spec.shape, spec.dtype, name)
    return spec
