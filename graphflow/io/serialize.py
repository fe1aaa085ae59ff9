"""`save` / `load`: a compiled function as a portable, versioned file.

The file (see `container`) holds every concrete function of a Function with its input
signature, output structure, captured constants and variables (shared between
functions), and its graph (see `graph_json`). Loading runs only registered ops and
checks everything; any damage raises `graphflow.errors.GraphFormatError`.
"""
import inspect

import numpy as np

from graphflow import dtypes, nest
from graphflow.eager.tensor import EagerTensor
from graphflow.eager.variable import Variable
from graphflow.errors import GraphFormatError
from graphflow.io import checks, container
from graphflow.io.codec import (
    OutputRef, Unencodable, encode_value, encode_shape, decode_value, decode_dtype,
    decode_shape, short_repr)
from graphflow.io.graph_json import encode_graph, decode_graph, expect_keys, expect_list
from graphflow.io.loaded import LoadedFunction
from graphflow.shapes import TensorShape, TensorSpec
from graphflow.tracing.concrete import ConcreteFunction
from graphflow.tracing.function import BoundFunction, Function

FORMAT = "graphflow.saved_function"
VERSION = 1
_KINDS = {k.name: k for k in (
    inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
    inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.KEYWORD_ONLY,
    inspect.Parameter.VAR_KEYWORD)}


# --- save -----------------------------------------------------------------------------------
def save(function, path):
    """Write `function` (a Function, ConcreteFunction or loaded function) to `path`."""
    name, signature, concretes = _concrete_functions(function)
    arrays = container.ArrayWriter()
    variables = []
    try:
        doc = {"format": FORMAT, "version": VERSION, "name": name,
               "parameters": _encode_parameters(signature, arrays),
               "functions": [_encode_function(cf, arrays, variables) for cf in concretes]}
    except Unencodable as e:
        raise ValueError("Cannot save %s: %s" % (name, e)) from None
    doc["variables"] = [{"name": v.name, "dtype": v.dtype.name, "shape": encode_shape(v._shape),
                         "trainable": v.trainable, "value": arrays.put(np.asarray(v._value))}
                        for v in variables]
    container.write(path, doc, arrays)


def _concrete_functions(function):
    if isinstance(function, BoundFunction):          # a compiled method of an instance
        function = function._function
    if isinstance(function, LoadedFunction):
        return function.name, function.function_spec, function.concrete_functions
    if isinstance(function, ConcreteFunction):
        return function.name, None, [function]
    if isinstance(function, Function):
        unique = list({id(cf): cf for cf in function._cache.values()}.values())
        if not unique and function.input_signature is not None:
            unique = [function.get_concrete_function()]
        if not unique:
            raise ValueError(
                "%s has no traced graphs to save: call it, or call get_concrete_function() "
                "or give it an input_signature, before saving" % function._name)
        return function._name, function.function_spec, unique
    raise TypeError("graphflow.save expects a graphflow.function, a ConcreteFunction or a "
                    "loaded function, got %r" % (function,))


def _encode_parameters(signature, arrays):
    if signature is None:
        return None
    params = []
    for p in signature.parameters.values():
        entry = {"name": p.name, "kind": p.kind.name}
        if p.default is not p.empty:
            try:
                entry["default"] = encode_value(p.default, arrays)
            except Unencodable:
                pass        # callers must then pass this argument explicitly
        params.append(entry)
    return params


def _encode_function(cf, arrays, variables):
    captures = []
    for c in cf._captures:
        if c.dtype is dtypes.resource:
            var = c._value
            if not isinstance(var, Variable):
                raise Unencodable("it captures a %s resource; only variables can be saved"
                                  % type(var).__name__)
            if not any(v is var for v in variables):
                variables.append(var)
            captures.append({"variable": next(i for i, v in enumerate(variables) if v is var)})
        else:
            captures.append({"constant": encode_value(np.asarray(c._value), arrays)})
    leaves = nest.flatten(cf.structured_outputs)
    refs, k = [], 0
    for leaf, is_tensor in zip(leaves, cf._output_is_tensor):
        refs.append(OutputRef(k) if is_tensor else leaf)
        k += is_tensor
    args, kwargs = cf.structured_input_signature
    return {"name": cf.name, "args": encode_value(tuple(args), arrays),
            "kwargs": encode_value(dict(kwargs), arrays),
            "outputs": encode_value(nest.pack_sequence_as(cf.structured_outputs, refs), arrays),
            "captures": captures, "graph": encode_graph(cf.graph, arrays)}


# --- load -----------------------------------------------------------------------------------
class _VariableSpec:
    """A variable read from the file, before the Variable object is created."""

    def __init__(self, name, dtype, shape, trainable, value):
        self.name, self.dtype, self._shape = name, dtype, shape
        self.trainable, self.value = trainable, value


def load(path):
    """Read a file written by `save`; returns a callable LoadedFunction."""
    doc, arrays = container.read(path)
    try:
        return _load_document(path, doc, arrays)
    except RecursionError:
        raise GraphFormatError("%s: the file nests values or graphs too deeply" % path) \
            from None


def _load_document(path, doc, arrays):
    expect_keys(doc, {"format", "version", "name", "parameters", "variables", "functions"}, "file")
    if doc["format"] != FORMAT:
        raise GraphFormatError("%s: not a saved graphflow function (format %s)"
                               % (path, short_repr(doc["format"])))
    if doc["version"] != VERSION:
        raise GraphFormatError("%s: unsupported format version %s (this graphflow reads "
                               "version %d)" % (path, short_repr(doc["version"]), VERSION))
    if not isinstance(doc["name"], str):
        raise GraphFormatError("file.name: expected a string")
    signature = _decode_parameters(doc["parameters"], arrays)
    specs = [_decode_variable(v, arrays, "variables[%d]" % i)
             for i, v in enumerate(expect_list(doc["variables"], "variables"))]
    decoded = [_decode_function(f, arrays, specs, "functions[%d]" % i)
               for i, f in enumerate(expect_list(doc["functions"], "functions"))]
    if not decoded:
        raise GraphFormatError("%s: the file holds no functions" % path)
    variables = [_restore_variable(s) for s in specs]
    return LoadedFunction(doc["name"], signature,
                          [_build(d, variables) for d in decoded], variables)


def _restore_variable(spec):
    var = Variable(spec.value, trainable=spec.trainable, name=spec.name.split(":")[0],
                   dtype=spec.dtype, shape=spec._shape)
    var._name = spec.name               # the saved name exactly, as TF restores it
    return var


def _decode_parameters(doc, arrays):
    if doc is None:
        return None
    params = []
    for i, p in enumerate(expect_list(doc, "parameters")):
        where = "parameters[%d]" % i
        if not isinstance(p, dict) or not {"name", "kind"} <= set(p) <= {
                "name", "kind", "default"} or not isinstance(p["kind"], str) or \
                p["kind"] not in _KINDS or not isinstance(p["name"], str) or \
                not p["name"].isidentifier():
            raise GraphFormatError("%s: expected {name, kind[, default]} with an identifier "
                                   "name and a parameter kind" % where)
        default = decode_value(p["default"], arrays, where) if "default" in p else \
            inspect.Parameter.empty
        try:
            params.append(inspect.Parameter(p["name"], _KINDS[p["kind"]], default=default))
        except (TypeError, ValueError) as e:
            raise GraphFormatError("%s: %s" % (where, e)) from None
    try:
        return inspect.Signature(params)
    except (TypeError, ValueError) as e:
        raise GraphFormatError("parameters: %s" % e) from None


def _decode_variable(doc, arrays, where):
    expect_keys(doc, {"name", "dtype", "shape", "trainable", "value"}, where)
    if not isinstance(doc["name"], str) or not isinstance(doc["trainable"], bool):
        raise GraphFormatError("%s: name must be a string and trainable a bool" % where)
    dtype = decode_dtype(doc["dtype"], where)
    shape = decode_shape(doc["shape"], where)
    value = arrays.get(doc["value"], where + ".value")
    if container.array_dtype(value, where) is not dtype or \
            not TensorShape(shape).is_compatible_with(TensorShape(value.shape)):
        raise GraphFormatError("%s: value is %s%s, declared %s%s" % (
            where, value.dtype, list(value.shape), dtype.name,
            "[?]" if shape is None else list(shape)))
    return _VariableSpec(doc["name"], dtype, shape, doc["trainable"], value)


def _decode_function(doc, arrays, variables, where):
    expect_keys(doc, {"name", "args", "kwargs", "outputs", "captures", "graph"}, where)
    if not isinstance(doc["name"], str):
        raise GraphFormatError("%s.name: expected a string" % where)
    graph = decode_graph(doc["graph"], arrays, where + ".graph")
    args = decode_value(doc["args"], arrays, where + ".args")
    kwargs = decode_value(doc["kwargs"], arrays, where + ".kwargs")
    outputs = decode_value(doc["outputs"], arrays, where + ".outputs")
    if not isinstance(args, tuple) or not isinstance(kwargs, dict):
        raise GraphFormatError("%s: args must be a tuple and kwargs a dict" % where)
    arg_specs = [x for x in nest.flatten((args, kwargs)) if isinstance(x, TensorSpec)]
    captures = [_decode_capture(c, arrays, variables, "%s.captures[%d]" % (where, i))
                for i, c in enumerate(expect_list(doc["captures"], where + ".captures"))]
    if len(graph.inputs) != len(arg_specs) + len(captures):
        raise GraphFormatError("%s: the graph has %d inputs for %d arguments and %d captures"
                               % (where, len(graph.inputs), len(arg_specs), len(captures)))
    expected = [(s.dtype, s.shape._dims) for s in arg_specs] + \
        [(c.dtype, c._shape) for c in captures]
    for i, ((dtype, shape), ph) in enumerate(zip(expected, graph.inputs)):
        if ph.dtype is not dtype or ph._shape != shape:
            raise GraphFormatError("%s: graph input %d is %s%s but its argument or capture "
                                   "is %s%s" % (where, i, ph.dtype.name, list(ph._shape or []),
                                                dtype.name, list(shape or [])))
    bound = {id(ph): c.spec for ph, c in zip(graph.inputs[len(arg_specs):], captures)
             if isinstance(c, _Resource)}
    checks.check_variable_uses(graph, bound, where + ".graph")
    flat_out = nest.flatten(outputs)
    refs = [leaf.index for leaf in flat_out if isinstance(leaf, OutputRef)]
    if refs != list(range(len(graph.outputs))):
        raise GraphFormatError("%s.outputs: expected references to graph outputs 0..%d in "
                               "order, got %s" % (where, len(graph.outputs) - 1, refs))
    return doc["name"], graph, args, kwargs, arg_specs, captures, outputs


class _Constant:
    def __init__(self, value, dtype):
        self.value, self.dtype, self._shape = value, dtype, tuple(value.shape)


def _decode_capture(doc, arrays, variables, where):
    if not isinstance(doc, dict) or len(doc) != 1 or not {"variable", "constant"} & set(doc):
        raise GraphFormatError("%s: expected {variable: index} or {constant: value}" % where)
    if "variable" in doc:
        i = doc["variable"]
        if type(i) is not int or not 0 <= i < len(variables):
            raise GraphFormatError("%s: no variable %s" % (where, short_repr(i)))
        return _Resource(i, variables[i])
    value = decode_value(doc["constant"], arrays, where)
    if not isinstance(value, np.ndarray):
        raise GraphFormatError("%s: a captured constant must be an array" % where)
    return _Constant(value, container.array_dtype(value, where))


class _Resource:
    """A variable capture: the graph input is a resource placeholder of shape ()."""

    dtype = dtypes.resource
    _shape = ()

    def __init__(self, index, spec):
        self.index, self.spec = index, spec


def _build(decoded, variables):
    name, graph, args, kwargs, arg_specs, captures, outputs = decoded
    tensors = []
    for c in captures:
        if isinstance(c, _Resource):
            tensors.append(variables[c.index]._handle)
        else:
            tensors.append(EagerTensor(c.value, c.dtype))
    flat = nest.flatten(outputs)
    is_tensor = [isinstance(leaf, OutputRef) for leaf in flat]
    structured = nest.pack_sequence_as(outputs, [
        graph.outputs[leaf.index] if isinstance(leaf, OutputRef) else leaf for leaf in flat])
    cf = ConcreteFunction(graph, tensors, arg_specs, (args, kwargs), structured, is_tensor,
                          name)
    cf._prepare()
    return cf
