import sqlite3

import pytest

from newsdesk.errors import StoreError
from newsdesk.store import Store, migrations


def test_migrations_are_numbered_in_order_each_once():
    # numbers are reserved per branch (docs: GUIDE), so one may land before a lower one
    versions = [v for v, _, _ in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_reopening_does_not_reapply_migrations(tmp_path):
    path = tmp_path / "d.db"
    Store(path).close()
    with Store(path) as store:
        assert store.schema_version() == migrations()[-1][0]
        rows = store.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0]
        assert rows == len(migrations())


def test_newer_desk_is_refused(tmp_path):
    path = tmp_path / "d.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES (999, 'future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO stories (id, title, created_at, updated_at) VALUES ('s', 't', 'x', 'x')")
            raise RuntimeError("boom")
    assert store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 0


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "d.db")
