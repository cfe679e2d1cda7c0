"""The benchmark corpus: shaped like the shipped project, clean, reproducible, and the plain-Material twin."""

from __future__ import annotations

import yaml
from bench.corpus import write_corpus
from bench.plain import write_plain_project

from commentary_build.check import check_project
from commentary_build.load.project import load_project
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site


def _errors(report):
    return [p.format() for p in report.sorted() if p.severity == "error"]


def test_corpus_builds_without_errors_and_exercises_every_feature(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", scale=0.5)
    project = load_project(corpus.root)
    site = build_site(project, check_project(project))
    assert _errors(project.report) == []
    instrument = project.default_instrument
    assert len(instrument.articles) == corpus.articles == 34
    assert len(instrument.divisions) == corpus.chapters
    assert any(u.kind == "subparagraph" for a in instrument.articles.values() for u in a.walk())
    assert len(project.notes) == corpus.notes
    assert sum(len(n.proposals) for n in project.notes) == corpus.proposals > 0
    assert site.stats.cross_references_text > 0 and site.stats.cross_references_commentary > 0
    assert site.stats.citations > 0


def test_scale_multiplies_articles_and_notes(tmp_path):
    small = write_corpus(tmp_path / "small", scale=0.5)
    large = write_corpus(tmp_path / "large", scale=1)
    assert large.articles == 68 and small.articles == 34
    assert large.notes - 5 == 2 * (small.notes - 5)  # overview notes stay as shipped


def test_same_seed_same_corpus(tmp_path):
    write_corpus(tmp_path / "a", scale=0.2)
    write_corpus(tmp_path / "b", scale=0.2)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_plain_twin_has_the_engine_pages_and_no_plugin(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", scale=0.2)
    config_path = write_plain_project(corpus.root, tmp_path / "plain")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    assert not any("treaty-commentary" in (p if isinstance(p, str) else next(iter(p))) for p in config["plugins"])
    site = build_site(*load_and_check(corpus.root))
    for page in site.pages:
        assert (tmp_path / "plain" / "docs" / page.src_uri).read_text(encoding="utf-8") == page.markdown
    assert config["nav"][: len(site.nav)] == site.nav
