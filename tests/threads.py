"""Concurrency tests' one way to start several workers at the same moment."""

import threading

from django.db import connections


def run_at_once(count: int, work, *, timeout: float = 120) -> list:
    """`work(n)` for n in range(count), each in its own thread, released together by a barrier
    so that they really overlap; returns their results in the order of n. Any exception in a
    thread fails the test, with every thread's error listed. Each thread closes its own
    database connections (Django opens one per thread)."""
    start = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(n):
        try:
            start.wait(timeout=30)
            results[n] = work(n)
        except Exception as exc:  # reported below with the others
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert errors == [], errors
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish in time"
    return results
