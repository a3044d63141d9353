"""The list's count stops where a rep stops reading: past COUNT_MOST it says "over"."""

from __future__ import annotations

from landing.calls import prospect_list, ranking
from landing.data.db import get_session


def test_a_long_list_is_counted_only_so_far(
    app, client, auth, make_rep, make_prospect, monkeypatch
):
    monkeypatch.setattr(prospect_list, "COUNT_MOST", 3)
    dana = make_rep()
    for n in range(6):
        make_prospect(dana, f"Person{n}", "Tester", company=f"Co {n}")
    with app.app_context():
        query = prospect_list.checked(per_page=2)
        first = prospect_list.list_page(get_session(), dana.id, query, ranking.Weights())
        assert (first.total, first.exact, first.has_next) == (4, False, True)
        last = prospect_list.checked(per_page=2, page=3)
        third = prospect_list.list_page(get_session(), dana.id, last, ranking.Weights())
        assert len(third.rows) == 2 and third.rows[-1].prospect.first_name == "Person0"
        few = prospect_list.checked(search="Person1")
        one = prospect_list.list_page(get_session(), dana.id, few, ranking.Weights())
        assert (one.total, one.exact, one.has_next) == (1, True, False)
    auth.login()
    html = client.get("/app/prospects?per_page=2").get_data(as_text=True)
    assert "Over 3 prospects · page 1" in html and 'rel="next"' in html
