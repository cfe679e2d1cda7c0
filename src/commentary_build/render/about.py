"""The About page and the site footer, both fed by the edition (``commentary/edition.yml``).

The About page says the edition's date, who edits the site, where each text comes from and what its
status is (only with the status's date and source: ``render/sourced.py``), how the commentary is made
and how it was reviewed (what was read against which text, when, and what was left), how the
concordance was reviewed, the licence, how to cite the site and whom to contact. Its blocks are
drawn by ``templates/about/`` and the status boxes by ``templates/status.html``, which the home
page uses too. The footer's values go to the site generator (``SiteBuild.footer``); the MkDocs
theme override ``overrides/partials/copyright.html`` draws them on every page.
"""

from __future__ import annotations

from markupsafe import Markup

from ..document import naming
from ..model import Instrument, Project
from ..model.settings import long_date
from ..transform.pinpoints import pinpoint
from .context import RenderContext
from .navigation import ABOUT_PAGE, CONCORDANCE_PAGE
from .page import SitePage, heading, html_block, make_page
from .sourced import concordance_review, entry_into_force_articles, text_as_of, text_status
from .urls import SiteUrls
from .write import PageWriter

ABOUT_TITLE = "About this edition"


def edition_markdown(context: RenderContext, text: str, w: PageWriter) -> Markup:
    """The edition's Markdown fields (who the editors are, the method), as the notes are written."""
    project = context.project
    if not text.strip():
        return Markup("")
    return w.prose(context.documents.markdown(text, project.edition.location.path or "commentary/edition.yml"))


def text_summaries(context: RenderContext, here: str) -> list[dict]:
    """Each text of the site, default first: its name, version, official source, status (on its date),
    where the current status is kept, and the rules on signature and entry into force."""
    project = context.project
    texts = sorted(project.instruments.values(), key=lambda i: not i.is_default)
    return [_text_summary(context, instrument, here) for instrument in texts]


def _text_summary(context: RenderContext, instrument: Instrument, here: str) -> dict:
    project = context.project
    urls = context.urls
    source = project.edition.texts.get(instrument.id)
    rules = [
        {"href": urls.unit_href(here, instrument.id, article_id), "label": pinpoint(instrument.articles[article_id]).replace("art ", "Article ", 1)}
        for article_id in entry_into_force_articles(instrument)
    ]
    first_chapter = instrument.divisions[0].id if instrument.divisions else None
    return {
        "instrument": instrument,
        "id": instrument.id,
        "as_of": text_as_of(project, instrument),
        "official": source.official if source is not None else None,
        "status": text_status(project, instrument.id),
        "register": source.status_register if source is not None else None,
        "rules": rules,
        "provenance": " ".join(str(instrument.metadata.get("provenance") or "").split()),
        "preamble_href": urls.href(here, urls.instrument_page(instrument, "preamble")),
        "chapter_href": urls.href(here, urls.division_page(instrument, first_chapter)) if first_chapter else None,
        "overview_href": urls.href(here, urls.instrument_page(instrument, "overview")) if instrument.is_default else None,
    }


def about_page(context: RenderContext) -> SitePage:
    here = ABOUT_PAGE
    project = context.project
    edition = project.edition
    urls = context.urls
    w = PageWriter(context, here, ABOUT_TITLE)
    dated = {"text": long_date(edition.date), "iso": edition.date.isoformat()} if edition.date else None
    body = html_block(context.html("about/intro.html", edition=edition, dated=dated))
    body += heading(2, "Who edits it", "editors")
    body += html_block(context.html("about/editors.html", edition=edition, description=edition_markdown(context, edition.editors_description, w)))
    body += heading(2, "The texts", "texts")
    for text in text_summaries(context, here):
        body += heading(3, text["instrument"].label, f"text-{text['id']}") + html_block(context.html("about/text.html", text=text))
    if edition.method.strip():
        body += heading(2, "How the commentary is made", "method")
        body += html_block(context.html("about/method.html", method=edition_markdown(context, edition.method, w)))
    if edition.reviews:
        body += heading(2, "How the commentary was reviewed", "commentary-reviews")
        body += html_block(context.html("about/commentary_reviews.html", reviews=[
            {"review": review, "by": naming.in_sentence(review.by, edition), "date_text": long_date(review.date), "date_iso": review.date.isoformat()}
            for review in sorted(edition.reviews, key=lambda r: r.date, reverse=True)
        ]))
    reviews = []
    for concordance in project.instrument_concordances:
        review = concordance_review(project, concordance)
        if review is not None:
            reviews.append({"concordance": concordance, "review": review, "href": urls.href(here, CONCORDANCE_PAGE, concordance.id)})
    if reviews:
        body += heading(2, "How the concordance was reviewed", "concordance-review")
        body += html_block(context.html("about/reviews.html", reviews=reviews))
    body += heading(2, "Licence", "licence") + html_block(context.html("about/licence.html", edition=edition))
    body += heading(2, "How to cite", "cite") + html_block(context.html("about/cite.html", edition=edition, default=project.default_instrument))
    if edition.contact is not None:
        body += heading(2, "Contact", "contact") + html_block(context.html("about/contact.html", edition=edition))
    notes = w.footnote_list()
    if notes:
        body += heading(2, "Notes", "notes") + html_block(notes)
    sources = tuple(path for path in [edition.location.path, "commentary/bibliography.yaml", *(c.location.path for c in project.instrument_concordances)] if path)
    return make_page(here, ABOUT_TITLE, body, kind="about", sources=sources)


def footer_values(project: Project, urls: SiteUrls) -> dict[str, str]:
    """What the footer of every page shows: plain strings, escaped by the theme partial that draws them."""
    edition = project.edition
    values = {
        "title": edition.title,
        "editors": edition.editors,
        "about_url": urls.url(ABOUT_PAGE),
        "about_label": ABOUT_TITLE,
        # Which version of the edition the page is (model/settings.py: the one rule for every output).
        "version": project.settings.revision.version_line,
    }
    if edition.licence is not None:
        values["licence_label"] = edition.licence.label
        values["licence_url"] = edition.licence.url
    if edition.contact is not None:
        values["contact_label"] = edition.contact.label
        values["contact_url"] = edition.contact.url
    return values
