"""learning.filecache.FileCache reads what Django's file cache writes, and the other way round; expiry and a
missing or empty entry behave as in Django's class."""

from django.core.cache.backends.filebased import FileBasedCache

from learning.filecache import READ_SIZE, FileCache


def caches(tmp_path):
    return FileCache(str(tmp_path), {}), FileBasedCache(str(tmp_path), {})


def test_each_reads_what_the_other_wrote(tmp_path):
    lean, django = caches(tmp_path)
    django.set("facts", {"lesson": 7, "groups": frozenset({1, 2})})
    lean.set("memo", ("generation", 12))
    assert lean.get("facts") == {"lesson": 7, "groups": frozenset({1, 2})}
    assert django.get("memo") == ("generation", 12)
    assert lean.get_many(["facts", "memo", "missing"]) == {
        "facts": {"lesson": 7, "groups": frozenset({1, 2})},
        "memo": ("generation", 12),
    }


def test_an_entry_larger_than_one_read(tmp_path):
    lean, django = caches(tmp_path)
    value = bytes(range(256)) * (3 * READ_SIZE // 256)  # zlib cannot shrink it below a read's size much
    django.set("large", value)
    assert lean.get("large") == value


def test_expired_missing_and_empty_entries(tmp_path, monkeypatch):
    lean, _django = caches(tmp_path)
    lean.set("soon", "value", timeout=10)
    assert lean.get("soon") == "value"
    monkeypatch.setattr("learning.filecache.time.time", lambda: 10**12)
    assert lean.get("soon", "default") == "default"
    assert not list(tmp_path.glob("*.djcache"))  # the expired entry is gone, as Django's class removes it
    assert lean.get("never-stored", "default") == "default"
    empty = lean._key_to_file("empty")
    open(empty, "wb").close()
    assert lean.get("empty", "default") == "default"
