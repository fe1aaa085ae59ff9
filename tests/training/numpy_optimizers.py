"""Hand-written numpy versions of Keras' optimizer update rules (the reference in tests)."""
import numpy as np


def sgd(w, grads, learning_rate=0.01, momentum=0.0, nesterov=False):
    lr = learning_rate
    m = np.zeros_like(w)
    for g in grads:
        if momentum == 0:
            w = w - lr * g
            continue
        m = momentum * m - lr * g
        w = w + (momentum * m - lr * g if nesterov else m)
    return w


def adagrad(w, grads, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    lr = learning_rate
    acc = np.full_like(w, initial_accumulator_value)
    for g in grads:
        acc = acc + g * g
        w = w - lr * g / (np.sqrt(acc) + epsilon)
    return w


def rmsprop(w, grads, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
            centered=False):
    lr = learning_rate
    s, mom, mg = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w)
    for g in grads:
        s = rho * s + (1 - rho) * g * g
        denom = s
        if centered:
            mg = rho * mg + (1 - rho) * g
            denom = s - mg * mg
        if momentum:
            mom = momentum * mom + lr * g / np.sqrt(denom + epsilon)
            w = w - mom
        else:
            w = w - lr * g / (np.sqrt(denom) + epsilon)
    return w


def adam(w, grads, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
         amsgrad=False):
    lr = learning_rate
    m, v, vhat = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g * g
        lr_t = lr * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
        if amsgrad:
            vhat = np.maximum(vhat, v)
            w = w - lr_t * m / (np.sqrt(vhat) + epsilon)
        else:
            w = w - lr_t * m / (np.sqrt(v) + epsilon)
    return w


def nadam(w, grads, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
          schedule_decay=0.004):
    lr = learning_rate
    m, v = np.zeros_like(w), np.zeros_like(w)
    m_cache = 1.0
    for t, g in enumerate(grads, start=1):
        mu_t = beta_1 * (1 - 0.5 * 0.96 ** (schedule_decay * t))
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** (schedule_decay * (t + 1)))
        m_cache = m_cache * mu_t
        m_schedule_next = m_cache * mu_next
        g_prime = g / (1 - m_cache)
        m = beta_1 * m + (1 - beta_1) * g
        m_prime = m / (1 - m_schedule_next)
        v = beta_2 * v + (1 - beta_2) * g * g
        v_prime = v / (1 - beta_2 ** t)
        m_bar = (1 - mu_t) * g_prime + mu_next * m_prime
        w = w - lr * m_bar / (np.sqrt(v_prime) + epsilon)
    return w
