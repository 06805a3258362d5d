import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every media test writes its files into its own directory, never into var/."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
