"""Générateur Pelican : pages des numéros, liste, flux Atom et PDF de la Lettre d'infos."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import get_relative_path

from actualites.typographie import typographier
from socle import reglages as reglages_socle
from socle.dates import FILTRES
from socle.ecriture import ecrire_si_different
from socle.erreurs import Probleme, chemin_affiche, signaler
from socle.flux import EntreeFlux, flux_atom
from socle.generateur import charger_identite
from socle.liens import adresses_rattachees
from socle.markdown_site import convertisseur
from socle.tableaux import envelopper_tableaux

from . import reglages
from .lecture import fichiers_numeros, lire_numero
from .modeles import NumeroInfos, mots
from .pdf import (
    ErreurComposition,
    ResultatPdf,
    caracteres_des_polices,
    cle_pdf,
    composer,
    defaut_de_police,
    pdf_garde,
)

logger = logging.getLogger(__name__)
COLONNES_PDF = 4  # colonnes d'un tableau qui tiennent dans une colonne du PDF
# Pelican ne répète pas un message déjà journalisé dans le processus : on veut voir à chaque build
# (make devserver) si le PDF a été recomposé.
if hasattr(logger, "disable_filter"):
    logger.disable_filter()


@dataclass(frozen=True)
class NumeroPublie:
    """Un numéro et son PDF : ce que les gabarits montrent (page, liste, flux, lettre)."""

    numero: NumeroInfos
    chemin: str  # dossier de la page, relatif à SITEURL
    pdf: str  # adresse du PDF relative à SITEURL ; vide s'il n'a pas pu être produit
    taille_pdf: int
    pages: int

    @property
    def date(self):
        return self.numero.date

    @property
    def titre(self):
        return self.numero.titre

    @property
    def exemple(self) -> bool:
        return self.numero.exemple


def base_absolue(settings) -> str:
    """Adresse absolue du site (liens du PDF et du flux), sans barre finale."""
    return (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")


def liens_du_site(html: str, base: str) -> str:
    """Les liens du texte d'un numéro rattachés à la racine du site `base` (`socle.liens`).

    Le texte s'écrit comme une page du site : « agenda/ » et « {static}/documents/x.pdf » mènent à
    l'agenda et au document du site, et non sous la page du numéro (lettre-infos/2026-t4/agenda/),
    où ils seraient morts, sur la page comme dans le PDF. Les images restent à part (fichiers locaux
    pour le PDF).
    """
    return adresses_rattachees(html, base, ("href",))


def message_depassement(numero: NumeroInfos, resultat: ResultatPdf, pages_max: int) -> Probleme:
    """L'erreur « trop long » : de combien de page, et au moins combien de mots retirer.

    Les mots à retirer sont comptés comme si tout le numéro n'était que du texte : le bandeau,
    l'encadré et les images prennent de la place aussi, il en faut donc retirer au moins autant.
    """
    en_trop = round(mots(numero.html) * resultat.depassement / (pages_max + resultat.depassement))
    pourcentage = round(resultat.depassement * 100)
    return Probleme(
        numero.source,
        None,
        f"le numéro dépasse {pages_max} pages A4 : il déborde d'environ {pourcentage} % d'une page "
        f"(il en ferait {resultat.pages}) ; le PDF n'est pas produit",
        f"raccourcissez le texte d'au moins {max(en_trop, 1)} mots, ou retirez une image ou une citation",
    )


def _probleme_police(quoi: str) -> Probleme:
    return Probleme(
        "LETTRE_INFOS",
        None,
        quoi,
        "installez le paquet Debian fonts-lato (make installer) ou réglez LETTRE_INFOS['polices'] "
        "sur un fichier .ttf ou .otf complet",
    )


class PolicesAbimees(Exception):
    """Le PDF n'est pas composé : une police est inutilisable (l'erreur est dite une fois)."""


class GenerateurLettreInfos(Generator):
    """Lit les numéros, compose (ou reprend du cache) leurs PDF ; écrit pages, liste, flux et PDF."""

    # Les pages des numéros portent `data-pagefind-body` : le plugin recherche les écrit tôt.
    ecrit_des_pages_indexees = True

    def preparer(self) -> list[Probleme]:
        """Lit et compose tout, sans rien écrire dans la sortie ; renvoie les problèmes (build et `make check`)."""
        self.env.filters.update(FILTRES)  # même hors build (make check), où le socle ne les a pas ajoutés
        self.options = options = reglages.lire(self.settings)
        self.titre = typographier(options["titre"])
        racine = reglages_socle.racine_projet(self.settings)
        contenu = Path(self.settings["PATH"])
        if "ASSOCIATION" not in self.context:
            association, problemes_identite = charger_identite(self.settings)
            if association is None:
                return problemes_identite  # signalé par le socle
            self.context["ASSOCIATION"] = association
        polices_manquantes = self._polices_manquantes()
        self._polices_lues = None  # `_polices_abimees`, au premier besoin
        problemes = []
        md = convertisseur(self.settings)
        polices = tuple(sorted(options["polices"].values()))

        def caracteres():
            # None : une police est inutilisable, son erreur suffit.
            return None if self._polices_abimees() else caracteres_des_polices(polices)

        couverts = None if polices_manquantes else caracteres
        numeros = []
        par_adresse: dict[str, str] = {}  # adresse (nom en minuscules) → fichier qui l'a prise
        for fichier in fichiers_numeros(contenu / options["dossier"]):
            affiche = chemin_affiche(fichier, racine)
            numero, autres = lire_numero(fichier, affiche, contenu, md, couverts)
            problemes += autres
            if numero is not None and numero.slug in par_adresse:
                problemes.append(
                    Probleme(
                        affiche,
                        None,
                        f"même adresse que {par_adresse[numero.slug]} (« {numero.chemin(options['url'])} ») : "
                        "deux numéros ne peuvent pas avoir des noms qui ne diffèrent que par les majuscules",
                        "renommez ou supprimez l'un des deux fichiers",
                    )
                )
                continue
            if numero is not None:
                par_adresse[numero.slug] = affiche
                # Un numéro fautif (image introuvable…) garde sa page web en développement, sans PDF.
                numeros.append((numero, any(p.est_erreur for p in autres)))
        numeros.sort(key=lambda paire: (paire[0].date, paire[0].ident), reverse=True)
        self.pdfs: dict[str, bytes] = {}
        self.publies = []
        for numero, fautif in numeros:
            resultat = None
            if not (polices_manquantes or fautif):
                resultat, probleme = self._pdf(numero)
                problemes += probleme
            chemin = numero.chemin(options["url"])
            pdf = ""
            if resultat is not None and resultat.tient:
                pdf = chemin + self.nom_pdf(numero.ident)
                self.pdfs[pdf] = resultat.octets
            elif resultat is not None:
                problemes.append(message_depassement(numero, resultat, int(options["pages_max"])))
            taille = len(self.pdfs.get(pdf, b""))
            self.publies.append(NumeroPublie(numero, chemin, pdf, taille, resultat.pages if resultat else 0))
        return polices_manquantes + (self._polices_lues or []) + problemes

    def nom_pdf(self, ident: str) -> str:
        """Nom du fichier PDF du numéro `ident` (« 2026-T4 » → « lettre-infos-2026-t4.pdf »)."""
        return f"{Path(self.options['url']).name or 'lettre-infos'}-{ident.lower()}.pdf"

    def _polices_manquantes(self) -> list[Probleme]:
        """Une erreur par police introuvable."""
        return [
            _probleme_police(f"police « {style} » introuvable : {chemin}")
            for style, chemin in sorted(self.options["polices"].items())
            if not Path(chemin).is_file()
        ]

    def _polices_abimees(self) -> list[Probleme]:
        """Une erreur par police inutilisable (fichier abîmé, pas une police…), lues une fois par build
        et seulement au premier besoin : un PDF à composer, un caractère rare à chercher. Un PDF repris
        du cache n'en a pas besoin (sa clé contient les octets des polices, et il n'a été composé
        qu'avec des polices lisibles) : le build évite ainsi fontTools (~60 ms à chaque fois)."""
        if self._polices_lues is None:
            self._polices_lues = [
                _probleme_police(
                    f"police « {style} » inutilisable : {chemin} : {defaut} ; le PDF n'est pas produit"
                )
                for style, chemin in sorted(self.options["polices"].items())
                if (defaut := defaut_de_police(chemin)) is not None
            ]
        return self._polices_lues

    def html_impression(self, numero: NumeroInfos) -> str:
        """Le HTML que WeasyPrint compose (gabarit `lettre-infos/impression.html` du thème)."""
        contenu = Path(self.settings["PATH"]).resolve()
        # Plus de 4 colonnes ne tiennent pas dans une colonne du PDF (9 cm) : elles en sortaient, coupées.
        base = base_absolue(self.settings)
        html = envelopper_tableaux(str(numero.html), '<div class="tableau-large">', COLONNES_PDF + 1)
        html = liens_du_site(html, base)
        for image in numero.images:
            html = html.replace(f'src="{image}"', f'src="{(contenu / image).as_uri()}"')
        association = self.context["ASSOCIATION"]
        logo = contenu / association.logo if association.logo else None
        return self.get_template("lettre-infos/impression").render(
            {
                **self.context,
                "numero": numero,
                "corps": Markup(html),
                "titre_publication": self.titre,
                "adresse_web": f"{base}/{numero.chemin(self.options['url'])}",
                "site": base,
                "logo": logo.as_uri() if logo and logo.is_file() else "",
                "polices": {
                    style: (Path(chemin).resolve().as_uri(), *reglages.STYLES_POLICE[style])
                    for style, chemin in sorted(self.options["polices"].items())
                },
            }
        )

    def _pdf(self, numero: NumeroInfos) -> tuple[ResultatPdf | None, list[Probleme]]:
        html = self.html_impression(numero)
        contenu = Path(self.settings["PATH"]).resolve()
        fichiers = [contenu / image for image in numero.images]
        fichiers += [Path(chemin) for chemin in self.options["polices"].values()]
        association = self.context["ASSOCIATION"]
        if association.logo and (contenu / association.logo).is_file():
            fichiers.append(contenu / association.logo)
        pages_max, variante = int(self.options["pages_max"]), self.options["variante_pdf"]
        # Les liens du texte se lisent depuis la page web du numéro, comme sur le site : « /formations/ »
        # mène au site (et non à « file:///formations/ », mort, dans le PDF joint au courriel).
        # Images, logo et polices sont déjà des fichiers locaux (adresses file:// absolues).
        base = base_absolue(self.settings)
        base_url = f"{base}/{numero.chemin(self.options['url'])}" if base else contenu.as_uri() + "/"
        cle = cle_pdf(html, fichiers, {"pages_max": pages_max, "variante": variante, "base": base_url})
        dossier = Path(self.settings["CACHE_PATH"]) / "lettre-infos"
        try:
            resultat, repris = pdf_garde(
                dossier,
                numero.ident,
                cle,
                lambda: self._composer(html, base_url, pages_max, variante),
            )
        except PolicesAbimees:
            return None, []  # dit une fois pour tout le build (`_polices_abimees`)
        except ErreurComposition as exc:
            conseil = "vérifiez les images et le gabarit lettre-infos/impression.html du thème"
            return None, [Probleme(numero.source, None, f"le PDF n'a pas pu être composé : {exc}", conseil)]
        logger.info("Lettre d'infos %s : PDF %s", numero.ident, "repris du cache" if repris else "composé")
        return resultat, []

    def _composer(self, html: str, base_url: str, pages_max: int, variante) -> ResultatPdf:
        if self._polices_abimees():
            raise PolicesAbimees
        return composer(html, base_url, pages_max, variante)

    def flux(self, nom_association: str) -> bytes:
        """Flux Atom des numéros (socle.flux), le PDF en pièce jointe ; l'adresse d'un numéro est son identifiant."""
        base, url = base_absolue(self.settings), self.options["url"]
        entrees = [
            EntreeFlux(
                titre=f"{publie.titre} ({self.titre} n° {publie.numero.ident})",
                adresse=f"{base}/{publie.chemin}",
                date=dt.datetime.combine(publie.date, dt.time(), tzinfo=dt.UTC),
                resume=publie.numero.resume or publie.titre,
                auteur=nom_association,
                piece_jointe=(f"{base}/{publie.pdf}", publie.taille_pdf, "application/pdf")
                if publie.pdf
                else None,
            )
            for publie in self.publies
        ]
        jour = reglages_socle.aujourdhui(self.settings)
        titre = f"{nom_association} : {self.titre}"
        return flux_atom(
            titre,
            f"{base}/{url}",
            f"{base}/{url}flux.atom.xml",
            entrees,
            jour,
            self.settings.get("FEED_MAX_ITEMS"),
        )

    def generate_context(self):
        signaler(self.preparer(), reglages_socle.est_strict(self.settings))
        self.context["LETTRE_INFOS_NUMEROS"] = self.publies
        self.context["LETTRE_INFOS_URL"] = self.options["url"]
        self.context["LETTRE_INFOS_TITRE"] = self.titre

    def generate_output(self, writer):
        url = self.options["url"]
        relatives = self.settings["RELATIVE_URLS"]
        for publie in self.publies:
            page = f"{publie.chemin}index.html"
            # Les images sont copiées avec content/images/ : même adresse que SITEURL dans la page.
            prefixe = get_relative_path(page) if relatives else self.settings.get("SITEURL") or ""
            html = liens_du_site(envelopper_tableaux(str(publie.numero.html)), prefixe)
            for image in publie.numero.images:
                html = html.replace(f'src="{image}"', f'src="{prefixe}/{image}"')
            writer.write_file(
                page,
                self.get_template("lettre-infos/numero"),
                self.context,
                relative_urls=relatives,
                page_name=publie.chemin.rstrip("/"),
                publie=publie,
                corps=Markup(html),
            )
        writer.write_file(
            f"{url}index.html",
            self.get_template("lettre-infos/liste"),
            self.context,
            relative_urls=relatives,
            page_name=url.rstrip("/"),
        )
        sortie = Path(self.output_path)
        ecrire_si_different(sortie / url / "flux.atom.xml", self.flux(self.context["ASSOCIATION"].nom))
        for chemin, octets in sorted(self.pdfs.items()):
            ecrire_si_different(sortie / chemin, octets)
