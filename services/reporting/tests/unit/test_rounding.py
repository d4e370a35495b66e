from kohtaamo.reporting.application.evaluation import percent


def test_shares_round_half_up_to_one_decimal():
    assert percent(1399, 2000) == "70.0"  # 69.95
    assert percent(244, 350) == "69.7"
    assert percent(245, 350) == "70.0"
    assert percent(1, 3) == "33.3" and percent(2, 3) == "66.7"
    assert percent(0, 0) is None
