"""`make bench` takes each URL's ratio against the static file's rate measured next to it."""

from scripts.bench.run import reference_rates


def test_each_url_is_compared_with_the_static_runs_either_side_of_it():
    # The static row's own run, then static runs before URL 1, before URL 2 and after URL 2: the
    # machine slowed from 3,000 to 2,000 requests/s while the URLs ran.
    assert reference_rates(3000.0, [2800.0, 2400.0, 2000.0]) == [3000.0, 2600.0, 2200.0]


def test_a_run_of_the_static_file_alone_has_only_its_own_rate():
    # BENCH_ONLY naming no URL: the static row, then the one static run after the loop.
    assert reference_rates(2500.0, [2400.0]) == [2500.0]
