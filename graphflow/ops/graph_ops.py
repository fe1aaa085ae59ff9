"""Ops that exist only in graphs: Placeholder (a graph input) and Const (a literal)."""
from graphflow.ops.registry import register


def _placeholder_kernel(dtype, shape):
    raise RuntimeError("Placeholder has no kernel: executors bind graph inputs directly")


PLACEHOLDER = register("Placeholder", (), lambda ins, attrs: [(attrs["dtype"], attrs["shape"])],
                       _placeholder_kernel, attrs={"dtype": None, "shape": None},
                       foldable=False)
CONST = register("Const", (), lambda ins, attrs: [(attrs["dtype"], attrs["value"].shape)],
                 lambda value, dtype: value, attrs={"value": None, "dtype": None},
                 foldable=False)
