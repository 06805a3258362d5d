import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(media_root):
    """Every media test writes its files into its own directory (tests/conftest.py `media_root`)."""
