"""Générateur Pelican : pages /formations/, une page par module, /agenda/, calendriers .ics."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from pathlib import Path

from pelican.generators import Generator

from socle import reglages as reglages_socle
from socle.dates import mois_annee
from socle.ecriture import ecrire_si_different
from socle.erreurs import signaler

from . import calendrier, donnees_structurees, reglages
from .donnees import charger_donnees
from .modeles import a_venir_et_passees, evenements_a_venir_et_passes, sessions_du_module

logger = logging.getLogger(__name__)

PARTIELS_ACCUEIL = ("partials/accueil-formations.html", "partials/accueil-agenda.html")


def ordre_alphabetique(texte: str) -> str:
    """Clé de tri à la française : « Évaluer » entre « Employer » et « Gérer », pas après « Z »."""
    sans_accents = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return sans_accents.casefold()


def options_filtres(sessions) -> dict:
    """Valeurs des filtres module / lieu / mois, dans l'ordre d'affichage (sans doublon)."""
    modules, lieux, mois = {}, {}, {}
    for session in sessions:
        modules.setdefault(session.module.slug, session.module.titre)
        lieux.setdefault(session.lieu.commune, session.lieu.commune)
        for creneau in session.creneaux:
            mois.setdefault(creneau.debut.strftime("%Y-%m"), mois_annee(creneau.debut))
    return {
        "modules": sorted(modules.items(), key=lambda m: (ordre_alphabetique(m[1]), m[0])),
        "lieux": sorted(lieux.items(), key=lambda m: (ordre_alphabetique(m[1]), m[0])),
        "mois": sorted(mois.items()),
    }


def reelles(elements) -> list:
    """Sans les données d'exemple : ni les calendriers ni le JSON-LD (moteurs de recherche) ne les voient."""
    return [e for e in elements if not getattr(e, "exemple", False)]


class GenerateurFormations(Generator):
    """Charge catalogue et agenda, prépare le contexte, écrit pages et calendriers."""

    def generate_context(self):
        self.options = reglages.lire(self.settings)
        catalogue, agenda, problemes = charger_donnees(self.settings, self.context)
        signaler(problemes, reglages_socle.est_strict(self.settings))
        aujourdhui = reglages_socle.aujourdhui(self.settings)
        self.catalogue, self.agenda = catalogue, agenda
        self.sessions_a_venir, self.sessions_passees = a_venir_et_passees(catalogue.sessions, aujourdhui)
        self.evenements_a_venir, self.evenements_passes = evenements_a_venir_et_passes(
            agenda.evenements, aujourdhui
        )
        base = (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL") or "").rstrip("/")
        self.base_absolue = base
        dossier = self.options["dossier_calendriers"]
        self.context.update(
            FORMATIONS_MODULES=catalogue.modules,
            FORMATIONS_A_VENIR=self.sessions_a_venir,
            FORMATIONS_PROCHAINES=self.sessions_a_venir[: self.options["accueil_sessions"]],
            AGENDA_A_VENIR=self.evenements_a_venir,
            AGENDA_PROCHAINS=self.evenements_a_venir[: self.options["accueil_evenements"]],
            FORMATIONS_URL=self.options["url_formations"],
            AGENDA_URL=self.options["url_agenda"],
            FORMATIONS_ICS=f"{dossier}formations.ics",
            AGENDA_ICS=f"{dossier}agenda.ics",
            CALENDRIERS_DOSSIER=dossier,
            CALENDRIERS_BASE_ABSOLUE=base,
            FORMATIONS_TEXTES=self.options["textes"],
        )
        sections = self.context.setdefault("ACCUEIL_SECTIONS", [])
        sections.extend(p for p in PARTIELS_ACCUEIL if p not in sections)

    # --- calendriers -------------------------------------------------------------------------

    def _url_absolue(self, chemin: str) -> str:
        return f"{self.base_absolue}/{chemin}"

    def _ecrire(self, chemin: str, contenu: bytes) -> None:
        ecrire_si_different(Path(self.settings["OUTPUT_PATH"]) / chemin, contenu)

    def ecrire_calendriers(self) -> None:
        dossier, fuseau = self.options["dossier_calendriers"], self.options["fuseau"]
        nom = self.context["ASSOCIATION"].nom
        estampille = reglages_socle.aujourdhui(self.settings)
        url_session = lambda s: self._url_absolue(s.url)  # noqa: E731
        url_evenement = lambda e: self._url_absolue(e.url)  # noqa: E731
        # Les données d'exemple (« exemple: true ») s'affichent sur les pages, jamais dans un calendrier.
        sessions, evenements = reelles(self.catalogue.sessions), reelles(self.agenda.evenements)
        jours = self.options["historique_calendriers_jours"]
        if jours is not None:
            # Des années de sessions passées n'aident aucun abonné et pèsent sur chaque build.
            depuis = estampille - dt.timedelta(days=jours)
            sessions = [s for s in sessions if not s.est_passee(depuis)]
            evenements = [e for e in evenements if not e.est_passe(depuis)]
        deja: dict = {}  # VEVENT construits pendant ce build (voir calendrier._calendrier)
        self._ecrire(
            f"{dossier}formations.ics",
            calendrier.calendrier_sessions(
                sessions, f"{nom} : formations", fuseau, url_session, estampille, deja=deja
            ),
        )
        for module in self.catalogue.modules:
            self._ecrire(
                f"{dossier}formations-{module.slug}.ics",
                calendrier.calendrier_sessions(
                    sessions_du_module(sessions, module),
                    f"{nom} : formation {module.titre}",
                    fuseau,
                    url_session,
                    estampille,
                    deja=deja,
                ),
            )
        # Un fichier « ajouter à mon agenda » par session et par rendez-vous à venir : les pages n'en
        # proposent pas pour ceux qui sont passés (qui restent dans les calendriers d'abonnement).
        for session in reelles(self.sessions_a_venir):
            self._ecrire(
                f"{dossier}sessions/{session.id}.ics",
                calendrier.calendrier_sessions(
                    [session],
                    f"{nom} : formation {session.module.titre}",
                    fuseau,
                    url_session,
                    estampille,
                    deja=deja,
                ),
            )
        self._ecrire(
            f"{dossier}agenda.ics",
            calendrier.calendrier_evenements(
                evenements, f"{nom} : agenda", fuseau, url_evenement, estampille, deja=deja
            ),
        )
        for evenement in reelles(self.evenements_a_venir):
            self._ecrire(
                f"{dossier}evenements/{evenement.id}.ics",
                calendrier.calendrier_evenements(
                    [evenement], f"{nom} : {evenement.titre}", fuseau, url_evenement, estampille, deja=deja
                ),
            )

    # --- pages -------------------------------------------------------------------------------

    def generate_output(self, writer):
        relatives = self.settings["RELATIVE_URLS"]
        nom = self.context["ASSOCIATION"].nom
        site = self.base_absolue + "/"
        url_session = lambda s: self._url_absolue(s.url)  # noqa: E731
        url_formations = self.options["url_formations"]
        jsonld_modules = [
            donnees_structurees.cours(
                module,
                reelles(sessions_du_module(self.sessions_a_venir, module)),
                self._url_absolue(module.url),
                url_session,
                nom,
                site,
            )
            for module in self.catalogue.modules
        ]
        writer.write_file(
            f"{url_formations}index.html",
            self.get_template("formations"),
            self.context,
            relative_urls=relatives,
            page_name=url_formations.rstrip("/"),
            sessions_a_venir=self.sessions_a_venir,
            filtres=options_filtres(self.sessions_a_venir),
            json_ld=donnees_structurees.json_ld(jsonld_modules),
        )
        for module, donnees_module in zip(self.catalogue.modules, jsonld_modules, strict=True):
            passees = sessions_du_module(self.sessions_passees, module)
            writer.write_file(
                f"{module.url}index.html",
                self.get_template("formation"),
                self.context,
                relative_urls=relatives,
                page_name=module.url.rstrip("/"),
                module=module,
                sessions_a_venir=sessions_du_module(self.sessions_a_venir, module),
                sessions_passees=passees,
                ics_module=f"{self.options['dossier_calendriers']}formations-{module.slug}.ics",
                json_ld=donnees_structurees.json_ld(donnees_module),
            )
        url_agenda = self.options["url_agenda"]
        tous = reelles(self.evenements_a_venir)  # JSON-LD : ni les exemples, ni le passé
        writer.write_file(
            f"{url_agenda}index.html",
            self.get_template("agenda"),
            self.context,
            relative_urls=relatives,
            page_name=url_agenda.rstrip("/"),
            evenements_a_venir=self.evenements_a_venir,
            evenements_passes=self.evenements_passes,
            json_ld=donnees_structurees.json_ld(
                [donnees_structurees.evenement_schema(e, self._url_absolue(e.url), nom, site) for e in tous]
            ),
        )
        self.ecrire_calendriers()
