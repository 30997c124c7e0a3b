import ast
import re
import sqlite3
from pathlib import Path

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


# -- the store's two rules (newsdesk/store/__init__.py) ----------------------------------------
STORE_DIR = Path(__file__).resolve().parent.parent / "newsdesk" / "store"
_WRITE_SQL = re.compile(r"^\s*(INSERT (OR \w+ )?INTO|UPDATE \w+ SET|DELETE FROM|REPLACE INTO)\b")  # SQL, not prose


def _write_sql(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and _WRITE_SQL.match(n.value)]


def _opens_transaction(node: ast.With) -> bool:
    return any(isinstance(item.context_expr, ast.Call) and isinstance(item.context_expr.func, ast.Attribute)
               and item.context_expr.func.attr == "transaction" for item in node.items)


def _unguarded_writes(function: ast.FunctionDef) -> list[int]:
    """Lines of write statements in a method that no ``with self.transaction()`` encloses."""
    guarded = {id(c) for w in ast.walk(function) if isinstance(w, ast.With) and _opens_transaction(w)
               for c in _write_sql(w)}
    return [c.lineno for c in _write_sql(function) if id(c) not in guarded]


def test_every_mixin_method_that_writes_opens_its_transaction():
    found = []
    for path in sorted(STORE_DIR.glob("*.py")):
        if path.name == "core.py":  # core: the transactions and migrations themselves
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                found += [f"{path.name}:{line} {node.name}.{f.name}" for f in node.body
                          if isinstance(f, ast.FunctionDef) for line in _unguarded_writes(f)]
            elif isinstance(node, ast.FunctionDef) and _write_sql(node):  # a helper: writes through its caller's
                args = [a.arg for a in node.args.args]
                if args[:1] != ["conn"]:
                    found.append(f"{path.name}:{node.lineno} {node.name} writes without a `conn` from its caller")
    assert not found, "writes outside `with self.transaction()`:\n" + "\n".join(found)


def test_a_write_outside_any_transaction_is_one_transaction_and_joins_an_open_one(store):
    from newsdesk.records import Article

    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.add_article(Article(id="a1", text="Body."), content_hash="h1", minhash=None, embedding=None, features={})
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
    assert {s.split(" (")[0] for s in statements if s.startswith("INSERT")} == {
        "INSERT INTO articles", "INSERT INTO article_signals"}  # the article and its signals, together
    statements.clear()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(Article(id="a2", text="Other."), content_hash="h2", minhash=None, embedding=None,
                              features={})
            store.save_story("s2", "A story", None, None)
            raise RuntimeError("the caller's batch fails")
    store.conn.set_trace_callback(None)
    assert statements.count("BEGIN IMMEDIATE") == 1 and "COMMIT" not in statements
    assert store.has_article("a1") and not store.has_article("a2")  # the joined writes went with the batch


def test_lookups_by_many_ids_are_chunked(store):
    from newsdesk.records import Article
    from newsdesk.store.core import IN_CHUNK

    n = 2 * IN_CHUNK + 7
    with store.transaction():
        for i in range(n):
            store.add_article(Article(id=f"a{i:04d}", text=f"Body {i}."), content_hash=f"h{i}", minhash=None,
                              embedding=None, features={})
            store.save_story(f"s{i:04d}", f"Story {i}", None, None)
    ids = [f"a{i:04d}" for i in reversed(range(n))] + ["missing"]
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    assert [a.id for a in store.articles(ids)] == ids[:-1]  # in the order asked, unknown ids left out
    assert len(statements) == 3
    titles = store.story_titles([f"s{i:04d}" for i in range(n)])
    store.conn.set_trace_callback(None)
    assert len(titles) == n and titles["s0000"] == "Story 0"
    assert store.story_titles([]) == {} and store.articles([]) == []
