"""Pages de la lettre : archive des numéros envoyés, flux Atom, aperçu du prochain numéro."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from socle import reglages as reglages_socle
from socle.dates import date_moyenne
from socle.ecriture import ecrire_si_different
from socle.erreurs import AVERTISSEMENT, Probleme, chemin_affiche, signaler
from socle.flux import EntreeFlux, flux_atom

from . import reglages
from .calendrier import Parution, parution_a_preparer
from .contenu import (
    agenda_de_la_periode,
    agenda_du_site,
    avec_details,
    chemin_edito,
    edito_en_html,
    edito_en_texte,
    liens_pelican_edito,
    lire_edito,
    parus_entre,
    reperes_du_site,
    retraits_edito,
)
from .registre import charger_registre, numero_en_donnees
from .rendu import (
    TAILLE_MAX_GMAIL,
    base_absolue,
    en_ligne,
    liens_abonne,
    mention_statut,
    objet,
    parution_de,
    pre_entete,
    quand_rendez_vous,
    texte_propre,
)
from .selection import Numero, Registre, agenda_du_numero, selectionner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preparation:
    """Le prochain numéro d'une édition, pas encore envoyé (aperçu et envoi)."""

    numero: Numero
    parution: Parution
    due: bool
    trop_anciennes: tuple


def chemins_donnees(settings, options) -> tuple[Path, Path]:
    donnees = reglages_socle.dossier_donnees(settings)
    return donnees / options["registre"], donnees / options["editos"]


def lire_registre(settings, options) -> tuple[Registre, list[Probleme]]:
    """Le registre : numéros envoyés et décisions du personnel (`registre.charger_registre`)."""
    chemin, _ = chemins_donnees(settings, options)
    return charger_registre(chemin, chemin_affiche(chemin, reglages_socle.racine_projet(settings)))


def preparer(
    settings, options, registre: Registre, edition, actualites, agenda, aujourdhui: dt.date, completer=None
) -> tuple[Preparation, list[Probleme]]:
    """Compose le prochain numéro de `edition` (logique de sélection + éditorial du numéro).

    `completer(actualite)` : la même actualité avec ce qui ne sert qu'à l'afficher (adresse,
    résumé), appliquée aux seules actualités retenues (voir `contenu.reperes_du_site`).
    """
    premier = reglages.premier_numero(options)
    periode = int(options["periode_jours"])
    parution, due = parution_a_preparer(
        premier, periode, registre.derniere_parution(edition.ident), aujourdhui
    )
    coupure = parution.coupure(settings.get("TIMEZONE") or "Europe/Paris")
    choix = selectionner(
        actualites, registre, edition, coupure, dt.timedelta(days=int(options["age_maximal_jours"]))
    )
    fin_agenda = parution.date + dt.timedelta(weeks=int(options["semaines_agenda"]), days=-1)
    periode_agenda = agenda_de_la_periode(agenda, parution.date, fin_agenda)
    _, dossier_editos = chemins_donnees(settings, options)
    racine = reglages_socle.racine_projet(settings)
    edito, problemes = lire_edito(dossier_editos, parution.ident, edition.ident, racine)
    if edito:
        affiche = chemin_affiche(chemin_edito(dossier_editos, parution.ident, edition.ident), racine)
        problemes += retraits_edito(edito, affiche, settings) + liens_pelican_edito(edito, affiche)
    retenues = choix.retenues if completer is None else tuple(map(completer, choix.retenues))
    numero = Numero(
        parution.ident,
        edition.ident,
        parution.date,
        retenues,
        agenda_du_numero(periode_agenda, edition),
        edito,
    )
    registre_affiche = chemin_affiche(
        chemins_donnees(settings, options)[0], reglages_socle.racine_projet(settings)
    )
    for ancienne in choix.trop_anciennes:
        problemes.append(
            Probleme(
                registre_affiche,
                None,
                f"actualité jamais envoyée et ancienne ({ancienne.date.date().isoformat()}) : "
                f"« {ancienne.titre} » (uid {ancienne.uid}) n'entre pas dans la lettre {parution.ident} "
                f"({edition.ident})",
                "décidez : ajoutez son uid sous « a_envoyer: » pour l'envoyer, ou sous « ecartees: » "
                "pour ne jamais l'envoyer",
                AVERTISSEMENT,
            )
        )
    return Preparation(numero, parution, due, choix.trop_anciennes), problemes


def chemin_numero(edition, numero: Numero, apercu: bool) -> str:
    """Dossier de la page web d'un numéro (ou de l'aperçu du prochain), relatif à SITEURL."""
    if apercu:
        return f"lettre/apercu/{edition.ident}/"
    return parution_de(numero).chemin(edition.ident, edition.principale)


def contexte_numero(
    settings, options, association, edition, numero: Numero, apercu: bool, lettres_infos=()
) -> dict:
    """Variables des gabarits `lettre/numero.html`, `lettre/courriel.html` et `lettre/courriel.txt`.

    `lettres_infos` : les numéros de la Lettre d'infos du site (plugin lettre_infos) ; ceux parus
    depuis la lettre précédente sont annoncés.
    """
    parution = parution_de(numero)
    depuis = numero.parution - dt.timedelta(days=int(options["periode_jours"]))
    base = base_absolue(settings)
    chemin = chemin_numero(edition, numero, apercu)
    desinscription, preferences = liens_abonne(options, base)
    return {
        "lettre_numero": numero,
        "lettre_parution": parution,
        "lettre_edition": edition,
        "lettre_edito": edito_en_html(numero.edito, settings, base),
        "lettre_edito_texte": edito_en_texte(numero.edito, base),
        "lettre_objet": objet(association.nom, edition, parution),
        "lettre_pre_entete": pre_entete(numero),
        "lettre_base": base,
        # La copie web d'un numéro est sa page d'archive, que la publication écrit dès qu'il est
        # au registre (jamais l'aperçu, absent du site publié) : le lien d'un courriel envoyé vit.
        "lettre_web": f"{base}/{chemin_numero(edition, numero, False)}",
        "lettre_chemin": chemin,
        "lettre_desinscription": desinscription,
        "lettre_preferences": preferences,
        "lettre_logo": options["logo_courriel"],
        "lettre_apercu": apercu,
        "lettre_infos_nouvelles": parus_entre(lettres_infos, depuis, numero.parution),
        "lettre_quand": quand_rendez_vous,
        "lettre_mention_statut": mention_statut,
    }


def rendre_courriel(generateur, variables: dict) -> tuple[str, str]:
    """(HTML aux styles en ligne, texte brut) du courriel, depuis les gabarits du thème."""
    contexte = {**generateur.context, **variables}
    html = en_ligne(generateur.get_template("lettre/courriel").render(contexte))
    texte = texte_propre(generateur.env.get_template("lettre/courriel.txt").render(contexte))
    return html, texte


class GenerateurLettre(Generator):
    """Archive /lettre/, une page par numéro envoyé, flux Atom, aperçu du prochain numéro."""

    def generate_context(self):
        self.options = reglages.valider(self.settings)
        self.editions = reglages.editions(self.options)
        strict = reglages_socle.est_strict(self.settings)
        registre, problemes = lire_registre(self.settings, self.options)
        apercu = self.options["apercu"]
        self.avec_apercu = (not strict) if apercu is None else bool(apercu)
        self.preparations = []
        if self.avec_apercu:
            reperes = reperes_du_site(self.context.get("articles", []))
            actualites = [actualite for actualite, _article in reperes]
            # Par identité : la sélection rend les objets reçus (deux actualités peuvent se ressembler).
            articles = {id(actualite): article for actualite, article in reperes}

            def completer(actualite):
                return avec_details(actualite, articles[id(actualite)])

            agenda = agenda_du_site(self.settings, self.context)
            aujourdhui = reglages_socle.aujourdhui(self.settings)
            for edition in self.editions:
                preparation, autres = preparer(
                    self.settings, self.options, registre, edition, actualites, agenda, aujourdhui, completer
                )
                self.preparations.append((edition, preparation))
                problemes += autres
        # Un éditorial commun aux éditions est relu pour chacune : ses problèmes, dits une fois.
        signaler(list(dict.fromkeys(problemes)), strict)
        par_ident = {e.ident: e for e in self.editions}
        inconnues = sorted({n.edition for n in registre.numeros} - set(par_ident))
        if inconnues:
            logger.warning(
                "Lettre : numéros d'édition(s) absente(s) des réglages ignorés : %s", ", ".join(inconnues)
            )
        self.envoyes = [(par_ident[n.edition], n) for n in registre.numeros if n.edition in par_ident]
        self.envoyes.sort(key=lambda paire: (paire[1].parution, paire[0].principale), reverse=True)
        self.context["LETTRE_EDITIONS"] = self.editions
        self.context["LETTRE_NUMEROS"] = self.envoyes
        self.context["LETTRE_INSCRIPTION"] = reglages.adresse_inscription(self.options)
        self.context["LETTRE_CONSENTEMENT"] = reglages.texte_consentement(
            self.options, self.context["ASSOCIATION"].nom
        )
        self.context["LETTRE_CONSENTEMENT_EMPREINTE"] = reglages.empreinte_consentement(
            self.context["LETTRE_CONSENTEMENT"]
        )

    def _page(self, writer, chemin: str, gabarit: str, **variables):
        writer.write_file(
            chemin,
            self.get_template(gabarit),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **variables,
        )

    def generate_output(self, writer):
        association = self.context["ASSOCIATION"]
        self.lettres_infos = self.context.get("LETTRE_INFOS_NUMEROS", ())
        for edition, numero in self.envoyes:
            variables = contexte_numero(
                self.settings, self.options, association, edition, numero, False, self.lettres_infos
            )
            self._page(writer, variables["lettre_chemin"] + "index.html", "lettre/numero", **variables)
        self._page(writer, "lettre/index.html", "lettre/archive", page_name="lettre/index")
        ecrire_si_different(Path(self.output_path) / "lettre" / "flux.atom.xml", self.flux(association.nom))
        for edition, preparation in self.preparations:
            self._ecrire_apercu(writer, association, edition, preparation)

    def flux(self, nom_association: str) -> bytes:
        """Flux Atom des derniers numéros envoyés (FEED_MAX_ITEMS) ; l'identifiant d'une entrée ne change jamais."""
        base = base_absolue(self.settings)
        # Un générateur : flux_atom n'en calcule que les FEED_MAX_ITEMS premières, pas tout l'historique.
        entrees = (
            EntreeFlux(
                titre=f"{edition.titre} n° {parution_de(numero).numero} du {date_moyenne(numero.parution)}",
                adresse=f"{base}/{chemin_numero(edition, numero, False)}",
                date=dt.datetime.fromisoformat(numero.envoye),
                resume=" · ".join(a.titre for a in numero.actualites) or "Agenda et nouvelles",
                auteur=nom_association,
            )
            for edition, numero in self.envoyes
        )
        titre = f"{nom_association} : la lettre"
        jour = reglages_socle.aujourdhui(self.settings)
        return flux_atom(
            titre,
            f"{base}/lettre/",
            f"{base}/lettre/flux.atom.xml",
            entrees,
            jour,
            self.settings.get("FEED_MAX_ITEMS"),
        )

    def _ecrire_apercu(self, writer, association, edition, preparation: Preparation):
        variables = contexte_numero(
            self.settings, self.options, association, edition, preparation.numero, True, self.lettres_infos
        )
        dossier = variables["lettre_chemin"]
        self._page(writer, dossier + "index.html", "lettre/numero", lettre_due=preparation.due, **variables)
        html, texte = rendre_courriel(self, variables)
        sortie = Path(self.output_path) / dossier
        sortie.mkdir(parents=True, exist_ok=True)
        (sortie / "courriel.html").write_text(html, encoding="utf-8")
        (sortie / "courriel.txt").write_text(texte, encoding="utf-8")
        taille = len(html.encode("utf-8"))
        preparation_json = {
            "numero": numero_en_donnees(preparation.numero),
            "objet": variables["lettre_objet"],
            "web": variables["lettre_web"],
            "du": preparation.due,
            "taille_html": taille,
            "trop_anciennes": [a.uid for a in preparation.trop_anciennes],
        }
        (sortie / "numero.json").write_text(
            json.dumps(preparation_json, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        if taille > TAILLE_MAX_GMAIL:
            logger.warning(
                "Lettre %s (%s) : courriel de %d Ko, Gmail le tronquera au-delà de 102 Ko",
                preparation.numero.ident,
                edition.ident,
                taille // 1024,
            )
        logger.info("Aperçu de la lettre %s (%s) : %s", preparation.numero.ident, edition.ident, dossier)
