"""The book's custom training loop (examples/train_mlp.py): converges, and eager and
compiled runs with the same seed give the same losses."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples"))
import train_mlp  # noqa: E402


def test_eager_and_compiled_training_agree():
    _, eager = train_mlp.train(n_epochs=1, compiled=False, verbose=False)
    _, compiled = train_mlp.train(n_epochs=1, compiled=True, verbose=False)
    eager, compiled = eager[:40], compiled[:40]
    np.testing.assert_allclose(compiled, eager, rtol=1e-5, atol=1e-5)


def test_training_converges():
    model, history = train_mlp.train(n_epochs=3, compiled=True, verbose=False)
    first, last = np.mean(history[:20]), np.mean(history[-50:])
    assert last < 1.0 < first
    X, y = train_mlp.make_dataset()
    mse = float(np.mean((model(X).numpy() - y) ** 2))
    assert mse < 0.6


def test_progress_bar_output(capsys):
    train_mlp.train(n_epochs=1, compiled=True, verbose=True)
    out = capsys.readouterr().out
    assert "Epoch 1/1" in out
    assert "4000/4000 [==============================] - loss:" in out and "mae:" in out
