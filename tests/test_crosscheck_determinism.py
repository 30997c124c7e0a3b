"""The cross-check says the same whatever Python's hash seed: which facts and conflicts it finds,
their reasons, names and order never follow the iteration order of a set or dict of strings.

Each check runs this file as a script in subprocesses with different PYTHONHASHSEED values
(string hashing, and so set order, differs between them) and compares what they print.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()

# An invented story: three outlets, one long programme name the others shorten in two ways,
# figures that agree and one that does not, two titles for one person, quotes.
HARBOUR = """Marlow council approves harbour wall repairs

The Marlow Borough Council approved the Tidal Harbour Wall Restoration Programme on Monday, March 2, 2026, \
voting 7-2 to spend $14.5 million on the repairs.

Council leader Priya Castell said the Tidal Harbour Wall Restoration Programme would start in May.

“We cannot wait for another winter of storms,” Castell said after the vote.

The harbour wall was last rebuilt in 1978, according to the borough archive.

Harbourmaster Dev Okonjo warned that 40 fishing boats had been damaged since January."""

GAZETTE = """Harbour wall plan passes after long debate

Marlow councillors voted 7-2 on Monday to approve the Harbour Wall programme, a $14.5 million repair of the \
town's sea defences known as the Restoration Programme.

Council Chair Priya Castell told the meeting that work on the Harbour Wall would start in May.

“We cannot wait for another winter of storms,” said Castell.

Okonjo, the harbourmaster, said 45 fishing boats had been damaged since January.

Opposition councillor Ravi Mensah said the repairs should have begun two years ago."""

COASTAL = """Storm-hit Marlow to fix its harbour wall

The borough council of Marlow on Monday approved $14.5 million for the Tidal Restoration Programme to repair the \
harbour wall, which was last rebuilt in 1978.

Priya Castell, the council leader, said repairs would begin in May and last until spring 2027.

Ravi Mensah, who sits in opposition, said the repairs should have begun two years ago.

The vote followed a winter in which storms damaged 40 fishing boats, harbourmaster Dev Okonjo said."""

STORY = [(HARBOUR, "2026-03-02T18:00:00Z"), (GAZETTE, "2026-03-03T07:00:00Z"), (COASTAL, "2026-03-03T09:00:00Z")]


def _sources(sources) -> list:
    return [[s.article, s.start, s.end] for s in sources]


def story_dump() -> dict:
    """Everything the cross-check reports about the invented story, as plain data."""
    from newsdesk.analyze import analyze
    from newsdesk.crosscheck import crosscheck
    from newsdesk.embed import Embedder
    from newsdesk.fingerprint import OriginIndex, signature
    from newsdesk.pipeline import prepare
    from newsdesk.records import RawDoc
    from newsdesk.report import _embed

    index, articles = OriginIndex(), []
    for i, (text, published) in enumerate(STORY):
        article = prepare(RawDoc(uri=f"mem://{i}", content=text, path=f"doc{i}.txt", meta={"published": published}))
        article.origin, _, _ = index.assign(article.id, signature(article.text))
        articles.append(article)
    analyses = {a.id: analyze(a) for a in articles}
    cc = crosscheck(articles, analyses, _embed(analyses, Embedder()))
    return {
        "facts": [[f.id, f.text, f.status, f.reason, f.origins, f.kind, f.notes, f.conflicts, _sources(f.sources)]
                  for f in cc.facts],
        "conflicts": [[c.id, c.kind, c.about, c.note, c.comparable_because,
                       [[s.value, s.text, s.origins, s.support, _sources(s.sources)] for s in c.sides]]
                      for c in cc.conflicts],
        "quotes": [[q.speaker, q.text, q.article, q.start] for q in cc.quotes],
        "timeline": [[t.day.isoformat(), t.text, t.status, t.kind, _sources(t.sources)] for t in cc.timeline],
        "people": cc.people, "flags": cc.article_flags,
    }


def names_dump() -> list:
    """Name keys folded to the shorter spelling the other side uses, where it uses several."""
    from newsdesk.crosscheck.match import shared_names

    longer = {"e:tidal harbour wall restoration programme", "e:marlow borough council"}
    shorter = {"e:harbour wall", "e:restoration programme", "e:tidal restoration programme", "e:programme",
               "e:marlow", "e:borough council", "n:wall"}
    return [sorted(side) for side in shared_names(longer, shorter) + shared_names(shorter, longer)]


def _outputs(what: str, seeds: list[int]) -> list[str]:
    env = dict(os.environ)
    runs = []
    for seed in seeds:  # side by side: each loads its own models
        env["PYTHONHASHSEED"] = str(seed)
        runs.append(subprocess.Popen([sys.executable, str(HERE), what], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=dict(env)))
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err[-2000:]
        outputs.append(out)
    return outputs


def test_name_folding_is_the_same_under_any_hash_seed():
    first, *others = _outputs("names", [0, 1, 2, 3, 4, 5])
    assert all(out == first for out in others)


def test_story_crosscheck_is_the_same_under_two_hash_seeds():
    first, second = _outputs("story", [1, 2])
    assert json.loads(first)["facts"]
    assert first == second


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    dump = story_dump() if sys.argv[1] == "story" else names_dump()
    print(json.dumps(dump, ensure_ascii=False, indent=1, default=str))
