"""Fixtures of the core tests: the school the bulk-writer tests import pupils into."""
import pytest

from orientir.core.validators import make_inn10, make_ogrn


@pytest.fixture
def school():
    """A school of its own municipality: the bulk-writer tests run in transactional databases of their own."""
    from orientir.directory.models import Municipality, Organisation

    mun = Municipality.objects.create(name="Город N")
    return Organisation.objects.create(municipality=mun, short_name="Школа № 7", full_name="Школа № 7",
                                       kind="school", sector="education", inn=make_inn10("440000071"),
                                       ogrn=make_ogrn("102440000071"))
