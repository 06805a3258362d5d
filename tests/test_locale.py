"""The committed English catalogue (.mo) is what its .po compiles to.

Branches that each add strings merge their .po text cleanly but not their binary .mo; a stale .mo shows
Vietnamese to English visitors without any other test noticing.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_committed_mo_matches_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(LOCALE / "django.po")], check=True, capture_output=True)
    with fresh.open("rb") as a, (LOCALE / "django.mo").open("rb") as b:
        compiled, committed = gettext.GNUTranslations(a)._catalog, gettext.GNUTranslations(b)._catalog
    missing = sorted(k for k in compiled if k not in committed)[:5]
    assert compiled == committed, f"recompile: manage.py compilemessages -l en (first missing: {missing})"
