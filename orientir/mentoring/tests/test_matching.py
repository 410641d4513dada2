"""The match ranking as a pure function: which signs score, how load lowers a mentor, who is left out."""

from orientir.mentoring.matching import Candidate, Need, rank, score

NEED = Need(sector="education", specialties={"44.02.02": "44.00.00"}, organisation_ids=frozenset({1}))


def test_same_specialty_code_scores_highest_then_same_group():
    same_code = score(NEED, Candidate(1, specialty_code="44.02.02", specialty_group="44.00.00"))
    same_group = score(NEED, Candidate(2, specialty_code="44.03.05", specialty_group="44.00.00"))
    other = score(NEED, Candidate(3, specialty_code="49.02.01", specialty_group="49.00.00"))
    assert same_code.score == 5 and same_group.score == 3 and other.score == 0
    assert "та же специальность (44.02.02)" in same_code.reasons[0]
    assert "укрупнённая группа" in same_group.reasons[0]


def test_sector_and_organisation_add_points_with_reasons():
    s = score(NEED, Candidate(1, sector="education", organisation_id=1))
    assert s.score == 3 + 2
    assert any("отрасль" in r for r in s.reasons) and any("организация" in r for r in s.reasons)
    assert score(NEED, Candidate(1, sector="culture", organisation_id=2)).score == 0


def test_load_lowers_the_score_and_a_full_mentor_is_not_offered():
    free = Candidate(1, specialty_code="44.02.02", specialty_group="44.00.00", load=0)
    busy = Candidate(2, specialty_code="44.02.02", specialty_group="44.00.00", load=2, capacity=3)
    full = Candidate(3, specialty_code="44.02.02", specialty_group="44.00.00", load=3, capacity=3)
    result = rank(NEED, [busy, full, free])
    assert [s.mentor_id for s in result] == [1, 2]
    assert result[1].score == 3 and "уже ведёт пар — 2 из 3" in result[1].reasons[-1]
    assert "свободен" in result[0].reasons[-1]


def test_rank_orders_by_score_then_load_then_record():
    a = Candidate(5, sector="education")                     # 3
    b = Candidate(4, sector="education")                     # 3, earlier record
    c = Candidate(6, specialty_code="44.02.02", sector="education", organisation_id=1, load=1)  # 5+3+2-1 = 9
    d = Candidate(7, sector="education", load=1)             # 2
    assert [s.mentor_id for s in rank(NEED, [a, b, c, d])] == [6, 4, 5, 7]


def test_no_specialty_given_matches_on_nothing_but_the_sector():
    need = Need(sector="sport")
    assert score(need, Candidate(1, specialty_code="49.02.01", specialty_group="49.00.00", sector="sport")).score == 3
    assert rank(need, []) == []


def test_workplace_staff_rank_first_whatever_their_points():
    need = Need(sector="education", specialties={"44.02.02": "44.00.00"}, organisation_ids=frozenset({1}),
                workplace_id=1)
    colleague = Candidate(1, sector="education", organisation_id=1)                  # 3 + 2 = 5
    outsider = Candidate(2, specialty_code="44.02.02", sector="education", organisation_id=9)  # 5 + 3 = 8
    result = rank(need, [outsider, colleague])
    assert [(s.mentor_id, s.score, s.at_workplace) for s in result] == [(1, 5, True), (2, 8, False)]
    assert result[1].reasons[0] == "работает в другой организации, не по месту работы наставляемого"
    assert score(NEED, outsider).at_workplace is None  # no workplace named: no such reason
