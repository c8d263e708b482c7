"""The production static files storage remembers addresses, and only right ones."""

import json

import pytest

from core.staticfiles import MAX_REMEMBERED, StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    paths = {f"css/{n}.css": f"css/{n}.0123abcd.css" for n in ("site", *range(MAX_REMEMBERED))}
    manifest = {"paths": paths, "version": "1.1", "hash": "0123abcd"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_file_has_its_hashed_address_every_time(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage._urls == {"css/site.css": "/static/css/site.0123abcd.css"}


def test_a_file_missing_from_the_manifest_fails_every_time_and_is_not_kept(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
    assert storage._urls == {}


def test_collectstatics_forced_addresses_are_not_kept(storage):
    # force=True: the hashed address even under DEBUG, worked out afresh each time.
    assert storage.url("css/site.css", force=True) == "/static/css/site.0123abcd.css"
    assert storage._urls == {}
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_what_is_kept_is_bounded(storage):
    for n in range(MAX_REMEMBERED):
        storage.url(f"css/{n}.css")
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert len(storage._urls) == MAX_REMEMBERED
