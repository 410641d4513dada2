"""The inventory of personal data is complete and honest: every model linked to a person's record is declared,
every declared field exists, every table kept after a withdrawal says why, and every page it lists exists."""

from django.apps import apps
from django.urls import get_resolver

from orientir.core import personal_data as pd


def test_every_model_linked_to_a_person_is_in_the_inventory():
    missing = []
    for subject in pd.SUBJECTS.values():
        if not subject.check_links:
            continue
        for model in pd.linked_models(subject.model):
            if (model, subject.code) not in pd.HOLDINGS and (model, subject.code) not in pd.NOT_PERSONAL:
                missing.append(f"{model} → {subject.code}")
    assert not missing, "Models linked to a person's record but not in the personal-data inventory: " + ", ".join(
        missing)


def test_the_inventory_test_fails_for_an_unregistered_model():
    # take one declared holding away: the walk must report it
    key = ("guidance.RouteStep", "pupil")
    saved = pd.HOLDINGS.pop(key)
    try:
        linked = pd.linked_models("guidance.Pupil")
        assert "guidance.RouteStep" in linked and key not in pd.HOLDINGS
    finally:
        pd.HOLDINGS[key] = saved


def test_every_declared_field_and_path_exists():
    for holding in pd.HOLDINGS.values():
        model = apps.get_model(holding.model)
        names = {f.name for f in model._meta.get_fields()}
        assert set(holding.fields + holding.cleared) <= names, holding
        assert holding.subject in pd.SUBJECTS, holding
        if holding.path:
            expected = pd.linked_models(pd.SUBJECTS[holding.subject].model).get(holding.model)
            # the declared path reaches the subject's record (it may be another valid path than the shortest)
            str(model._default_manager.filter(**{holding.path: 1}).query)
            assert expected is not None or pd.SUBJECTS[holding.subject].check_links is False, holding
        assert holding.on_withdrawal in (pd.DELETE, pd.CLEAR, pd.KEEP)
        assert holding.basis
        if holding.on_withdrawal == pd.CLEAR:
            assert holding.cleared, holding


def test_every_page_the_inventory_lists_exists():
    names = {}

    def walk(resolver, ns=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry, f"{ns}{entry.namespace}:" if entry.namespace else ns)
            elif entry.name:
                names[ns + entry.name] = entry.pattern.converters

    walk(get_resolver())
    stale = sorted(set(pd.READS) - set(names))
    assert not stale, f"Pages in the read log that do not exist: {stale}"
    for read in pd.READS.values():
        if read.model:  # the record is named by one of the URL's parameters
            apps.get_model(read.model)
            assert read.kwarg in names[read.view], read


def test_every_subject_who_may_be_a_child_has_the_consent_holding_or_a_contract_basis():
    assert pd.SUBJECTS["pupil"].minor and pd.SUBJECTS["contract"].minor
    assert pd.HOLDINGS[("guidance.Consent", "pupil")].on_withdrawal == pd.KEEP


