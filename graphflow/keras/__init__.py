"""`graphflow.keras`: the Keras names graphflow implements (optimizers, losses, metrics)."""
from graphflow import optimizers, losses, metrics  # noqa: F401
