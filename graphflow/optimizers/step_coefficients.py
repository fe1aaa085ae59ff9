"""Per-step optimizer scalars as single ops (bias corrections, Nadam's momentum schedule),
so a compiled step spends one node on them instead of a dozen scalar ops."""
import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops.registry import register, DTypeError


def _scalars_infer(n_out):
    def infer(ins, attrs):
        dtype = ins[0].dtype
        for t in ins[:-1]:
            if t.dtype is not dtype or t._shape not in ((), None):
                raise DTypeError("optimizer coefficients need %s scalars, got %s %s"
                                 % (dtype.name, t.dtype.name, t.shape))
        if ins[-1].dtype is not dtypes.int64:
            raise DTypeError("optimizer coefficients need the int64 iteration count")
        return [(dtype, ())] * n_out
    return infer


def _adam_lr(lr, beta_1, beta_2, iterations):
    t = np.asarray(iterations + 1, lr.dtype)
    return np.asarray(lr * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t), lr.dtype)


def _nadam(beta_1, beta_2, m_cache, iterations, decay):
    dtype = beta_1.dtype
    t = np.asarray(iterations + 1, dtype)
    base = np.asarray(0.96, dtype)
    mu_t = beta_1 * (1 - 0.5 * base ** (decay * t))
    mu_next = beta_1 * (1 - 0.5 * base ** (decay * (t + 1)))
    m_schedule_new = m_cache * mu_t
    values = (mu_t, mu_next, m_schedule_new, m_schedule_new * mu_next, 1 - beta_2 ** t)
    return tuple(np.asarray(v, dtype) for v in values)


ADAM_LR = register("AdamLearningRate", ("lr", "beta_1", "beta_2", "iterations"),
                   _scalars_infer(1), _adam_lr)
NADAM_SCHEDULE = register("NadamSchedule", ("beta_1", "beta_2", "m_cache", "iterations"),
                          _scalars_infer(5), _nadam, attrs={"decay": 0.004})


def adam_learning_rate(lr, beta_1, beta_2, iterations):
    """lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) with t = iterations + 1."""
    return apply(ADAM_LR, [lr, beta_1, beta_2, iterations])


def nadam_schedule(beta_1, beta_2, m_cache, iterations, decay):
    """(mu_t, mu_{t+1}, m_schedule_new, m_schedule_next, 1 - beta_2^t) for t = iterations
    + 1, where mu_t = beta_1 (1 - 0.5 * 0.96^(decay t)) and m_schedule_new = m_cache mu_t."""
    return apply(NADAM_SCHEDULE, [beta_1, beta_2, m_cache, iterations], {"decay": decay})
