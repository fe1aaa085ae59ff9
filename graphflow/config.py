"""Runtime configuration: executor choice, optimizer options, threads, eager debugging."""
import os

EXECUTORS = ("auto", "codegen", "parallel", "interpreter")
_state = {
    "executor": os.environ.get("GRAPHFLOW_EXECUTOR", "auto"),
    "run_functions_eagerly": False,
    "inter_op_threads": 0,
    "intra_op_threads": 0,
    "optimizer": {},
    "debug": os.environ.get("GRAPHFLOW_DEBUG", "") not in ("", "0"),
}


def set_executor(name):
    """Force an executor: 'auto' (default), 'codegen', 'parallel' or 'interpreter'."""
    if name not in EXECUTORS:
        raise ValueError("executor must be one of %s, got %r" % (", ".join(EXECUTORS), name))
    _state["executor"] = name


def get_executor():
    return _state["executor"]


def run_functions_eagerly(run_eagerly):
    """As `tf.config.run_functions_eagerly`: run decorated functions' Python directly."""
    _state["run_functions_eagerly"] = bool(run_eagerly)


def functions_run_eagerly():
    return _state["run_functions_eagerly"]


def set_debug(on):
    """Debug mode: the verifier runs after every pass and kernels are checked against rules."""
    from graphflow.eager import context
    _state["debug"] = bool(on)
    context.debug_checks = bool(on)


def debug():
    return _state["debug"]


class _Threading:
    """`graphflow.config.threading`, with TF's names."""

    @staticmethod
    def set_inter_op_parallelism_threads(num_threads):
        """Threads of the parallel executor's pool; 0 (the default) means one per core."""
        _state["inter_op_threads"] = _thread_count(num_threads)

    @staticmethod
    def get_inter_op_parallelism_threads():
        return _state["inter_op_threads"]

    @staticmethod
    def set_intra_op_parallelism_threads(num_threads):
        _state["intra_op_threads"] = _thread_count(num_threads)

    @staticmethod
    def get_intra_op_parallelism_threads():
        return _state["intra_op_threads"]


def _thread_count(num_threads):
    n = int(num_threads)
    if n < 0:
        raise ValueError("the number of threads must be >= 0 (0 lets graphflow choose), "
                         "got %d" % n)
    return n


threading = _Threading()  # noqa: F811 - TF's attribute name


class _Optimizer:
    """`graphflow.config.optimizer`: grappler-style options by TF's names."""

    @staticmethod
    def set_experimental_options(options):
        from graphflow.passes.pipeline import validate_options
        validate_options(options)
        _state["optimizer"].update(options)

    @staticmethod
    def get_experimental_options():
        return dict(_state["optimizer"])


optimizer = _Optimizer()
