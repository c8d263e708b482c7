import pytest
import time_machine


@pytest.fixture
def freeze_now():
    """`freeze_now(moment)`: the clock stands at `moment` for the rest of the test (time-machine
    moves every clock, so defaults that hold a reference to `timezone.now` see it too)."""
    travellers = []

    def freeze(moment):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()
