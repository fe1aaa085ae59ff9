"""Fixtures for optimizer tests: optimizer options are restored after every test."""
import pytest

from graphflow import config


@pytest.fixture(autouse=True)
def _restore_optimizer_options():
    saved = config.optimizer.get_experimental_options()
    yield
    options = config._state["optimizer"]
    options.clear()
    options.update(saved)
