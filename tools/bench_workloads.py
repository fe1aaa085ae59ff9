"""The benchmark's workloads, each written once against a TF-like module `m` (graphflow or
tensorflow): a builder returns (compiled call, numpy equivalent, eager call or None)."""
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def w1(m):
    @m.function
    def cube(x):
        return x ** 3
    x = m.constant(2.0)
    xn = np.float32(2.0)
    return (lambda: cube(x)), (lambda: xn ** 3), None


def _mlp_params(rng):
    return (rng.normal(0, 0.3, (8, 30)).astype(np.float32), np.zeros(30, np.float32),
            rng.normal(0, 0.3, (30, 1)).astype(np.float32), np.zeros(1, np.float32))


def _elu(m, z):
    if hasattr(m, "nn") and hasattr(m.nn, "elu"):
        return m.nn.elu(z)
    return m.where(z > 0, z, m.exp(m.minimum(z, 0.0)) - 1.0)


def w2(m):
    rng = np.random.RandomState(0)
    params = _mlp_params(rng)
    w1_, b1, w2_, b2 = [m.Variable(p) for p in params]
    x = rng.normal(size=(32, 8)).astype(np.float32)

    @m.function
    def forward(x):
        return m.matmul(_elu(m, m.matmul(x, w1_) + b1), w2_) + b2

    xt = m.constant(x)
    n1, nb1, n2, nb2 = params

    def numpy_forward():
        z = x @ n1 + nb1
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0))) @ n2 + nb2
    return (lambda: forward(xt)), numpy_forward, (lambda: _mlp_eager(m, xt, w1_, b1, w2_, b2))


def _mlp_eager(m, x, w1_, b1, w2_, b2):
    return m.matmul(_elu(m, m.matmul(x, w1_) + b1), w2_) + b2


def w3(m):
    opt_module = getattr(m, "optimizers", None) or getattr(getattr(m, "keras", None),
                                                           "optimizers", None)
    if opt_module is None or not hasattr(opt_module, "Adam"):
        raise RuntimeError("no optimizers.Adam in this build")
    rng = np.random.RandomState(0)
    params = _mlp_params(rng)
    variables = [m.Variable(p) for p in params]
    opt = opt_module.Adam()
    x = m.constant(rng.normal(size=(32, 8)).astype(np.float32))
    y = m.constant(rng.normal(size=(32, 1)).astype(np.float32))

    def step():
        with m.GradientTape() as tape:
            loss = m.reduce_mean(m.square(_mlp_eager(m, x, *variables) - y))
        grads = tape.gradient(loss, variables)
        opt.apply_gradients(zip(grads, variables))
        return loss
    return m.function(step), _numpy_train_step(params, x.numpy(), y.numpy()), step


def _numpy_train_step(params, x, y):
    """Hand-written forward, backprop and Adam (Keras defaults) for the W3 MLP."""
    ps = [p.copy() for p in params]
    ms = [np.zeros_like(p) for p in ps]
    vs = [np.zeros_like(p) for p in ps]
    state = {"t": 0}

    def step():
        w1_, b1, w2_, b2 = ps
        z = x @ w1_ + b1
        e = np.expm1(np.minimum(z, 0))
        h = np.where(z > 0, z, e)
        out = h @ w2_ + b2
        d = 2.0 * (out - y) / out.size
        gw2, gb2 = h.T @ d, d.sum(0)
        dz = (d @ w2_.T) * np.where(z > 0, 1.0, e + 1.0)
        grads = (x.T @ dz, dz.sum(0), gw2, gb2)
        state["t"] += 1
        t = state["t"]
        lr = 0.001 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        for p, g, m1, v in zip(ps, grads, ms, vs):
            m1 += (g - m1) * 0.1
            v += (g * g - v) * 0.001
            p -= lr * m1 / (np.sqrt(v) + 1e-7)
        return out
    return step


def w4(m, n=1000):
    @m.function
    def sum_squares(n):
        s = m.constant(0)
        for i in m.range(n):
            s += i * i
        return s

    nt = m.constant(n)

    def numpy_loop():
        s = np.int32(0)
        for i in range(n):
            i = np.int32(i)
            s = s + i * i
        return s
    return (lambda: sum_squares(nt)), numpy_loop, None


def _huber(m, y_true, y_pred):
    error = y_true - y_pred
    is_small_error = m.abs(error) < 1
    squared_loss = m.square(error) / 2
    linear_loss = m.abs(error) - 0.5
    return m.where(is_small_error, squared_loss, linear_loss)


def w5(m, n=4_000_000):
    rng = np.random.RandomState(0)
    yt = rng.uniform(0, 4, n).astype(np.float32)
    yp = rng.uniform(0, 4, n).astype(np.float32)
    f = m.function(lambda a, b: m.reduce_mean(_huber(m, a, b)))
    a, b = m.constant(yt), m.constant(yp)

    def numpy_huber():
        e = yt - yp
        return np.mean(np.where(np.abs(e) < 1, np.square(e) / 2, np.abs(e) - 0.5))
    return (lambda: f(a, b)), numpy_huber, (lambda: m.reduce_mean(_huber(m, a, b)))


def _branch(m, x):
    return m.tanh(m.exp(-x * x)) * x + m.sin(x)


def w6(m, n=1_000_000):
    rng = np.random.RandomState(0)
    xs = [rng.uniform(-2, 2, n).astype(np.float32) for _ in range(8)]
    ts = [m.constant(x) for x in xs]

    def total(*xs):
        out = _branch(m, xs[0])
        for x in xs[1:]:
            out = out + _branch(m, x)
        return out
    f = m.function(total)

    def np_branch(x):
        return np.tanh(np.exp(-x * x)) * x + np.sin(x)

    def numpy_seq():
        return sum(np_branch(x) for x in xs)
    return (lambda: f(*ts)), numpy_seq, (lambda: total(*ts))


def numpy_w6_threads(n=1_000_000):
    rng = np.random.RandomState(0)
    xs = [rng.uniform(-2, 2, n).astype(np.float32) for _ in range(8)]
    pool = ThreadPoolExecutor(2)

    def run():
        parts = list(pool.map(lambda x: np.tanh(np.exp(-x * x)) * x + np.sin(x), xs))
        return sum(parts)
    return run


def w7_seconds_per_op(m, ops=1000, trace_only=False):
    """Seconds per op to trace (+ optimize, lower and run once) a fresh 1000-op function."""
    def chain(x):
        for _ in range(ops // 2):
            x = m.sin(x) * 0.999
        return x
    x = m.constant(np.ones(4, np.float32))
    t = time.perf_counter()
    f = m.function(chain)
    if trace_only:
        f.get_concrete_function(x)
    else:
        f(x)
    return (time.perf_counter() - t) / ops


def w8(m):
    rng = np.random.RandomState(0)
    base = rng.uniform(-0.1, 0.1, (256, 256)).astype(np.float32)
    x_np = rng.normal(size=(64, 256)).astype(np.float32)

    @m.function
    def constant_heavy(x):
        a = m.constant(base)
        mat = m.exp(m.matmul(a, a)) * 0.5
        mat = m.matmul(mat, m.tanh(a)) + 1.0
        return m.matmul(x, mat)

    mat = (np.exp(base @ base) * np.float32(0.5)) @ np.tanh(base) + np.float32(1.0)
    x = m.constant(x_np)
    return (lambda: constant_heavy(x)), (lambda: x_np @ mat), \
        (lambda: constant_heavy.python_function(x))


def collatz(m):
    @m.function
    def steps(n):
        k = m.constant(0)
        while n > 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            k += 1
        return k
    n = m.constant(27)

    def numpy_collatz():
        v, k = np.int32(27), 0
        while v > 1:
            v = v // 2 if v % 2 == 0 else 3 * v + 1
            k += 1
        return k
    return (lambda: steps(n)), numpy_collatz, None


WORKLOADS = [
    # name, builder, divisor (per-iteration rows), goal text, goal check(best, numpy)
    ("W1 cube(scalar)", w1, 1, "<= 5 us", lambda c, n: c <= 5e-6),
    ("W2 MLP forward", w2, 1, "<= 1.3x numpy", lambda c, n: c <= 1.3 * n),
    ("W3 MLP train step", w3, 1, "<= 1.5x numpy", lambda c, n: c <= 1.5 * n),
    ("W4 sum_squares /iter", w4, 1000, "<= 1 us/iter", lambda c, n: c <= 1e-6),
    # TF took 12.3 ms where numpy took 19.4 ms: scaled to this run's numpy time
    ("W5 Huber 4M mean", w5, 1, "< TF (0.63x numpy)", lambda c, n: c < 12.3e-3 * n / 19.4e-3),
    ("W6 8 branches x 1M", w6, 1, "<= 1.1x numpy 2thr", None),
    ("W8 constant-heavy", w8, 1, "<= 1.5x numpy", lambda c, n: c <= 1.5 * n),
    ("Collatz(27) /iter", collatz, 111, "<= 2 us/iter", lambda c, n: c <= 2e-6),
]


def jax_variant(jax, name):
    """jax.jit versions of the workloads JAX expresses directly (None for the others)."""
    jnp = jax.numpy
    rng = np.random.RandomState(0)
    if name.startswith("W1"):
        f, args = jax.jit(lambda x: x ** 3), (jnp.float32(2.0),)
    elif name.startswith("W2"):
        w1_, b1, w2_, b2 = [jnp.asarray(p) for p in _mlp_params(rng)]
        x = jnp.asarray(rng.normal(size=(32, 8)).astype(np.float32))

        def forward(x):
            z = x @ w1_ + b1
            return jnp.where(z > 0, z, jnp.expm1(jnp.minimum(z, 0))) @ w2_ + b2
        f, args = jax.jit(forward), (x,)
    elif name.startswith("W5"):
        a, b = (jnp.asarray(rng.uniform(0, 4, 4_000_000).astype(np.float32)) for _ in "ab")
        f, args = jax.jit(lambda a, b: jnp.mean(_huber(jnp, a, b))), (a, b)
    elif name.startswith("W6"):
        xs = [jnp.asarray(rng.uniform(-2, 2, 1_000_000).astype(np.float32)) for _ in range(8)]
        f, args = jax.jit(lambda *xs: sum(_branch(jnp, x) for x in xs)), xs
    else:
        return None
    return lambda: f(*args).block_until_ready()
