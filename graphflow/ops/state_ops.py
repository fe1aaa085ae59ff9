"""Variable reads and writes. A variable enters ops as a `resource` tensor (its handle)."""
import numpy as np

from graphflow import errors
from graphflow.ops.registry import register, ShapeError, DTypeError
from graphflow.ops.slicing import to_index, result_shape


def _read_infer(ins, attrs):
    return [(attrs["dtype"], attrs["shape"])]


def _read_kernel(var, dtype, shape):
    value = var._value
    if value is None:
        raise errors.FailedPreconditionError(None, None, "Could not read variable %s: it "
                                             "was not initialized." % var.name)
    return value


READ = register("ReadVariableOp", ("resource",), _read_infer, _read_kernel,
                attrs={"dtype": None, "shape": None}, reads_resource=True,
                grad=lambda op, dy: [dy])


def _check_value(opname, value, dtype, shape):
    if value.dtype is not dtype:
        raise DTypeError("%s: cannot assign a %s tensor to a variable of dtype %s"
                         % (opname, value.dtype.name, dtype.name))
    vs = value._shape
    if shape is None or vs is None:
        return
    if len(vs) != len(shape) or any(a is not None and b is not None and a != b
                                    for a, b in zip(vs, shape)):
        raise ShapeError("Shapes %s and %s are incompatible" % (_s(vs), _s(shape)))


def _s(shape):
    return "(%s)" % ", ".join("None" if d is None else str(d) for d in shape) if len(shape) != 1 \
        else "(%s,)" % shape[0]


def _assign_infer(ins, attrs):
    _check_value(attrs["op"], ins[1], attrs["dtype"], attrs["shape"])
    return []


def _assign(var, value, dtype, shape, op):
    var._store(np.asarray(value))
    return ()


def _assign_add(var, value, dtype, shape, op):
    var._store(np.add(var._value, value, dtype=var._value.dtype))
    return ()


def _assign_sub(var, value, dtype, shape, op):
    var._store(np.subtract(var._value, value, dtype=var._value.dtype))
    return ()


_VAR_ATTRS = {"dtype": None, "shape": None, "op": ""}
ASSIGN = register("AssignVariableOp", ("resource", "value"), _assign_infer, _assign,
                  attrs=_VAR_ATTRS, writes_resource=True)
ASSIGN_ADD = register("AssignAddVariableOp", ("resource", "value"), _assign_infer,
                      _assign_add, attrs=_VAR_ATTRS, writes_resource=True)
ASSIGN_SUB = register("AssignSubVariableOp", ("resource", "value"), _assign_infer,
                      _assign_sub, attrs=_VAR_ATTRS, writes_resource=True)


def _slice_assign_infer(ins, attrs):
    target = result_shape(attrs["shape"], attrs["spec"])
    _check_value("ResourceStridedSliceAssign", ins[1], attrs["dtype"], None)
    vs = ins[1]._shape
    if target is not None and vs is not None:
        from graphflow.ops.rules import broadcast
        try:
            out = broadcast("ResourceStridedSliceAssign", vs, target)
        except ShapeError:
            out = None
        if out is None or len(out) != len(target):
            raise ShapeError("Cannot assign a value of shape %s to a slice of shape %s"
                             % (_s(vs), _s(target)))
    return []


def _slice_assign(var, value, *dyn, dtype, shape, spec):
    new = var._value.copy()
    new[to_index(spec, dyn)] = value
    var._store(new)
    return ()


SLICE_ASSIGN = register("ResourceStridedSliceAssign", ("resource", "value", "dynamic*"),
                        _slice_assign_infer, _slice_assign,
                        attrs={"dtype": None, "shape": None, "spec": ()},
                        writes_resource=True)


def _scatter_infer(ins, attrs):
    _, idx, upd = ins
    if not idx.dtype.is_integer:
        raise DTypeError("scatter_nd_update: indices must be int32 or int64, got %s"
                         % idx.dtype.name)
    _check_value("ResourceScatterNdUpdate", upd, attrs["dtype"], None)
    return []


def _scatter(var, indices, updates, dtype, shape):
    new = var._value.copy()
    indices = np.asarray(indices)
    k = indices.shape[-1]
    idx = tuple(np.moveaxis(indices.reshape(-1, k), -1, 0))
    for axis, i in enumerate(idx):
        if np.any((i < 0) | (i >= new.shape[axis])):
            raise errors.InvalidArgumentError(None, None, "indices[%s] = %s does not index "
                                              "into shape %s" % (axis, i.tolist(),
                                                                 list(new.shape)))
    new[idx] = np.reshape(updates, (-1,) + new.shape[k:])
    var._store(new)
    return ()


SCATTER_ND_UPDATE = register("ResourceScatterNdUpdate", ("resource", "indices", "updates"),
                             _scatter_infer, _scatter, attrs={"dtype": None, "shape": None},
                             writes_resource=True)


def _init_once(var, value, dtype, shape):
    if var._value is None:
        var._store(np.asarray(value))
    return ()


INIT_ONCE = register("InitializeVariableOnce", ("resource", "value"),
                     lambda ins, attrs: [], _init_once, attrs={"dtype": None, "shape": None},
                     writes_resource=True)
