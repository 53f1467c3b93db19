"""Flux Atom des plugins : feedgenerator, texte échappé, flux vide stable d'un build à l'autre."""

from __future__ import annotations

import datetime as dt

import feedparser

from socle.flux import EntreeFlux, flux_atom

JOUR = dt.date(2026, 11, 23)


def test_les_entrees_gardent_leur_texte_et_leur_piece_jointe():
    quand = dt.datetime(2026, 11, 9, 8, 4, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    entrees = [
        EntreeFlux("Titre <b> & co", "https://x.example/a/", quand, "Un <script> & deux", "Asso & fils"),
        EntreeFlux(
            "PDF",
            "https://x.example/b/",
            quand,
            "R",
            "Asso",
            ("https://x.example/b.pdf", 1234, "application/pdf"),
        ),
    ]
    lu = feedparser.parse(
        flux_atom("Asso : la lettre", "https://x.example/", "https://x.example/f.xml", entrees, JOUR)
    )
    assert not lu.bozo, lu.bozo_exception
    assert lu.feed.title == "Asso : la lettre" and lu.feed.language == "fr"
    assert [e.id for e in lu.entries] == ["https://x.example/a/", "https://x.example/b/"]
    assert lu.entries[0].title == "Titre <b> & co"
    assert lu.entries[0].summary == "Un &lt;script&gt; &amp; deux"  # du texte, pas une balise
    assert lu.entries[0].author == "Asso & fils"
    assert lu.entries[1].enclosures[0]["href"] == "https://x.example/b.pdf"
    assert lu.entries[1].enclosures[0]["length"] == "1234"


def test_un_flux_vide_ne_change_pas_d_un_build_a_l_autre():
    premier = flux_atom("T", "https://x.example/", "https://x.example/f.xml", [], JOUR)
    assert premier == flux_atom("T", "https://x.example/", "https://x.example/f.xml", [], JOUR)
    assert feedparser.parse(premier).feed.updated.startswith("2026-11-23")


def test_le_flux_garde_les_plus_recentes_seulement():
    """FEED_MAX_ITEMS, pour la lettre comme pour la Lettre d'infos : les premières entrées données."""
    quand = dt.datetime(2026, 11, 9, tzinfo=dt.UTC)
    entrees = [EntreeFlux(f"N{i}", f"https://x.example/{i}/", quand, "R", "Asso") for i in range(5)]
    lu = feedparser.parse(
        flux_atom("Asso", "https://x.example/", "https://x.example/f.xml", entrees, JOUR, 2)
    )
    assert [e.id for e in lu.entries] == ["https://x.example/0/", "https://x.example/1/"]
    tout = feedparser.parse(
        flux_atom("Asso", "https://x.example/", "https://x.example/f.xml", entrees, JOUR, None)
    )
    assert len(tout.entries) == 5
