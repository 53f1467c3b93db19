"""Le site d'essai construit (publication stricte, date du build 2026-11-23) : pages, .ics, JSON-LD."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from icalendar import Calendar

from formations.a_venir import charger_rendez_vous
from outils import FIXTURES, construire_site, lire_html, reglages

SITEURL = "https://essai.example"
OVERRIDE = {
    "PLUGINS": ["socle", "actualites", "recherche", "formations"],
    "PATH": str(FIXTURES / "formations" / "content"),
    "SOCLE": {"donnees": str(FIXTURES / "formations" / "data")},
    "SITEURL": SITEURL,
    "FEED_DOMAIN": SITEURL,
}
PARIS = ZoneInfo("Europe/Paris")


def construire(dossier):
    sortie, journal = construire_site(dossier, publication=True, override=OVERRIDE)
    return sortie, journal


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    sortie, journal = construire(tmp_path_factory.mktemp("formations") / "output")
    assert journal.textes() == []
    return sortie


def lire_ics(chemin):
    return Calendar.from_ical(chemin.read_bytes())


def vevents(calendrier):
    return [c for c in calendrier.walk("VEVENT")]


def json_ld(soupe):
    (balise,) = soupe.select('script[type="application/ld+json"]')
    return json.loads(balise.string)


# --- pages ----------------------------------------------------------------------------------------


def test_formations_liste_les_modules_et_les_sessions_a_venir_seulement(site):
    soupe = lire_html(site / "formations" / "index.html")
    assert [a.get_text() for a in soupe.select(".modules h3 a")] == [
        "Alpha <script>alert(1)</script>",
        "Bêta",
    ]
    lignes = soupe.select("#tableau-sessions tbody tr")
    # Finie hier : passée ; dernier jour aujourd'hui : encore à venir.
    assert [tr["id"] for tr in lignes] == [
        "session-alpha-aujourdhui",
        "session-beta-annulee",
        "session-beta-printemps",
    ]
    assert [tr["data-lieu"] for tr in lignes] == ["Lille", "Roubaix", "Roubaix"]
    assert lignes[2]["data-mois"].split() == ["2027-03", "2027-03"]


def test_le_tableau_se_lit_sans_javascript(site):
    soupe = lire_html(site / "formations" / "index.html")
    assert soupe.select_one("#filtres-sessions").has_attr("hidden")  # le filtre n'apparaît qu'avec JS
    tableau = soupe.select_one("#tableau-sessions")
    assert [th.get_text() for th in tableau.select("thead th")] == [
        "Module",
        "Dates",
        "Lieu",
        "Places",
        "Inscription",
    ]
    ligne = soupe.select_one("#session-beta-printemps")
    assert "mardi 23 mars 2027, 9 h 30" in ligne.get_text()
    assert "mardi 30 mars 2027, 14 h" in ligne.get_text()
    assert ligne.select_one('a[href="https://essai.example/inscription"]')
    assert ligne.select_one(f'a[href="{SITEURL}/calendriers/sessions/beta-printemps.ics"][download]')
    complet = soupe.select_one("#session-alpha-aujourdhui")
    assert "Complet" in complet.get_text() and "S'inscrire" not in complet.get_text()


@pytest.mark.parametrize("chemin", ["formations/index.html", "formations/beta/index.html"])
def test_une_session_annulee_ne_propose_ni_agenda_ni_places(site, chemin):
    # Une session annulée reste affichée (les inscrits l'apprennent), mais ne s'ajoute pas à un agenda.
    annulee = lire_html(site / chemin).select_one("#session-beta-annulee")
    assert "Annulée" in annulee.get_text()
    assert annulee.select('a[href$=".ics"]') == []
    assert "places" not in annulee.get_text()
    ouverte = lire_html(site / chemin).select_one("#session-beta-printemps")
    assert ouverte.select('a[href$=".ics"]') and "places" in ouverte.get_text()


def test_aucune_case_vide_sur_la_fiche_d_une_session_annulee(site):
    """Sur un téléphone, chaque case devient une ligne « Libellé : valeur » : une case vide laissait
    « Inscription » seul, sans rien dessous ; elle dit « — » (« aucune » pour un lecteur d'écran)."""
    annulee = lire_html(site / "formations/index.html").select_one("#session-beta-annulee")
    cases = {td["data-libelle"]: td.get_text(" ", strip=True) for td in annulee.select("td[data-libelle]")}
    assert cases["Inscription"] == "— aucune" and all(cases.values()), cases


def test_liens_d_abonnement(site):
    soupe = lire_html(site / "formations" / "index.html")
    liens = [a["href"] for a in soupe.select(".calendrier-liens a")]
    assert liens == [
        f"{SITEURL}/calendriers/formations.ics",
        "webcal://essai.example/calendriers/formations.ics",
    ]
    assert soupe.select_one('link[rel="alternate"][type="text/calendar"]')["href"] == liens[0]
    agenda = lire_html(site / "agenda" / "index.html")
    assert agenda.select_one(".calendrier-liens a")["href"] == f"{SITEURL}/calendriers/agenda.ics"


def test_page_module_separe_a_venir_et_passees(site):
    soupe = lire_html(site / "formations" / "alpha" / "index.html")
    assert [a["id"] for a in soupe.select("article.session")] == ["session-alpha-aujourdhui"]
    passees = soupe.select("#titre-passees ~ div tbody tr")
    assert [tr["id"] for tr in passees] == ["session-alpha-hier"]
    assert passees[0].select("td")[-1].get_text() == "7"
    assert soupe.select_one("h1").get_text() == "Formation Alpha <script>alert(1)</script>"
    fiche = soupe.select_one("dl.fiche").get_text()
    assert "ADVA, Région" in fiche and "Gratuit." in fiche


def test_agenda_separe_a_venir_et_passes_a_la_date_du_build(site):
    soupe = lire_html(site / "agenda" / "index.html")
    a_venir = [a["id"] for a in soupe.select("#titre-a-venir ~ div article")]
    passes = [a["id"] for a in soupe.select("#titre-passes ~ div article")]
    assert a_venir == ["evenement-forum-aujourdhui", "evenement-matinale-elus"]
    assert passes == ["evenement-reunion-hier"]
    forum = soupe.select_one("#evenement-forum-aujourdhui")
    assert "lundi 23 novembre 2026" in forum.get_text()
    assert [p.get_text() for p in forum.select("p")][3] == "Second paragraphe avec <b>balise</b>."
    assert "Emploi" in forum.select_one(".etiquettes").get_text()


def test_accueil_montre_prochaines_sessions_et_rendez_vous(site):
    soupe = lire_html(site / "index.html")
    sessions = soupe.select("#titre-prochaines-formations ~ ul h3 a")
    assert [a["href"] for a in sessions][0] == f"{SITEURL}/formations/alpha/#session-alpha-aujourdhui"
    assert len(sessions) == 3
    evenements = [a.get_text() for a in soupe.select("#titre-prochains-evenements ~ ul h3 a")]
    assert evenements[0] == "Forum du jour"


def test_menu_et_plan_du_site(site):
    soupe = lire_html(site / "formations" / "beta" / "index.html")
    courant = soupe.select_one(".navigation a[aria-current]")
    assert courant.get_text() == "Formations"
    plan = (site / "sitemap.xml").read_text(encoding="utf-8")
    for chemin in ("formations/", "formations/alpha/", "formations/beta/", "agenda/"):
        assert f"{SITEURL}/{chemin}</loc>" in plan


# --- échappement ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chemin", ["formations/index.html", "formations/alpha/index.html", "agenda/index.html", "index.html"]
)
def test_un_titre_avec_script_ne_s_execute_nulle_part(site, chemin):
    html = (site / chemin).read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "</script><script>" not in html
    soupe = lire_html(site / chemin)
    for script in soupe.select("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"


# --- JSON-LD --------------------------------------------------------------------------------------


def test_json_ld_course_et_course_instance(site):
    donnees = json_ld(lire_html(site / "formations" / "beta" / "index.html"))
    assert donnees["@context"] == "https://schema.org"
    assert donnees["@type"] == "Course"
    assert donnees["name"] == "Bêta"
    assert donnees["provider"]["name"] == "Association d'essai"
    instances = donnees["hasCourseInstance"]
    assert [i["startDate"] for i in instances] == ["2026-12-10T09:00:00+01:00", "2027-03-23T09:30:00+01:00"]
    assert instances[0]["eventStatus"] == "https://schema.org/EventCancelled"
    assert instances[1]["endDate"] == "2027-03-30T17:30:00+02:00"
    assert instances[1]["location"]["address"]["addressLocality"] == "Roubaix"
    assert instances[1]["maximumAttendeeCapacity"] == 8


def test_json_ld_garde_le_titre_exact_malgre_l_echappement(site):
    soupe = lire_html(site / "formations" / "index.html")
    brut = soupe.select_one('script[type="application/ld+json"]').string
    assert "<" not in brut and "\\u003c/script\\u003e" in brut
    modules = json.loads(brut)
    assert modules[0]["name"] == "Alpha <script>alert(1)</script>"


def test_json_ld_evenements(site):
    evenements = json_ld(lire_html(site / "agenda" / "index.html"))
    assert [e["@type"] for e in evenements] == ["Event", "Event"]
    forum, matinale = evenements
    assert (forum["startDate"], forum["endDate"]) == ("2026-11-23", "2026-11-23")
    assert forum["location"]["address"]["streetAddress"] == "2 place du Forum"
    assert [p["name"] for p in forum["performer"]] == ["Une intervenante", "Un intervenant"]
    assert matinale["name"] == "Matinale </script><script>alert(2)</script>"
    assert matinale["url"] == f"{SITEURL}/agenda/#evenement-matinale-elus"


# --- calendriers ----------------------------------------------------------------------------------


def test_calendrier_de_toutes_les_sessions(site):
    calendrier = lire_ics(site / "calendriers" / "formations.ics")
    assert calendrier.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    uids = [str(e["UID"]) for e in vevents(calendrier)]
    assert uids == [
        "formation-alpha-hier@essai.example",
        "formation-alpha-hier-j2@essai.example",
        "formation-alpha-aujourdhui@essai.example",
        "formation-alpha-aujourdhui-j2@essai.example",
        "formation-beta-annulee@essai.example",
        "formation-beta-printemps@essai.example",
        "formation-beta-printemps-j2@essai.example",
    ]
    for vevent in vevents(calendrier):
        assert vevent["DTSTAMP"].dt == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    annulee = next(e for e in vevents(calendrier) if "annulee" in str(e["UID"]))
    assert str(annulee["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("chemin", ["formations.ics", "formations-alpha.ics", "agenda.ics"])
def test_un_agenda_abonne_relit_le_calendrier_chaque_jour(site, chemin):
    # Sans ces propriétés, un agenda abonné garde son rythme par défaut (jusqu'à une semaine) :
    # une session annulée resterait des jours dans l'agenda des abonnés.
    calendrier = lire_ics(site / "calendriers" / chemin)
    assert calendrier["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendrier.decoded("REFRESH-INTERVAL") == dt.timedelta(days=1)
    assert str(calendrier["X-PUBLISHED-TTL"]) == "P1D"
    brut = (site / "calendriers" / chemin).read_bytes()
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in brut


def test_heures_locales_justes_de_part_et_d_autre_du_changement_d_heure(site):
    (premier, second) = vevents(lire_ics(site / "calendriers" / "sessions" / "beta-printemps.ics"))
    assert premier["DTSTART"].params["TZID"] == "Europe/Paris"
    assert premier["DTSTART"].dt == dt.datetime(2027, 3, 23, 9, 30, tzinfo=PARIS)
    assert second["DTSTART"].dt == dt.datetime(2027, 3, 30, 14, 0, tzinfo=PARIS)
    # Même heure murale, décalage UTC différent : heure d'hiver puis heure d'été.
    assert premier["DTSTART"].dt.utcoffset() == dt.timedelta(hours=1)
    assert second["DTSTART"].dt.astimezone(dt.UTC).hour == 12
    (matinale,) = vevents(lire_ics(site / "calendriers" / "evenements" / "matinale-elus.ics"))
    assert matinale["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2027, 3, 26, 7, 30, tzinfo=dt.UTC)
    assert matinale["DTEND"].dt.astimezone(dt.UTC) == dt.datetime(2027, 3, 29, 8, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("fichier", ["formations.ics", "agenda.ics"])
def test_un_agenda_qui_lit_la_vtimezone_du_fichier_trouve_les_memes_heures(site, fichier):
    """Outlook et d'autres lisent les règles d'heure d'été de la VTIMEZONE du fichier, pas le nom
    « Europe/Paris » : relues par un second lecteur (dateutil.tz.tzical), elles donnent le même
    décalage UTC que le fuseau, en hiver comme en été."""
    calendrier = lire_ics(site / "calendriers" / fichier)
    (vtimezone,) = calendrier.walk("VTIMEZONE")
    regles = tz.tzical(io.StringIO(vtimezone.to_ical().decode())).get("Europe/Paris")
    decalages = set()
    for vevent in vevents(calendrier):
        for cle in ("DTSTART", "DTEND"):
            moment = vevent[cle].dt
            if not isinstance(moment, dt.datetime):
                continue  # journée entière : pas d'heure
            assert vevent[cle].params["TZID"] == "Europe/Paris"
            mural = moment.replace(tzinfo=None)
            assert mural.replace(tzinfo=regles).utcoffset() == mural.replace(tzinfo=PARIS).utcoffset(), (
                vevent["UID"],
                cle,
            )
            decalages.add(mural.replace(tzinfo=regles).utcoffset())
    assert decalages == {dt.timedelta(hours=1), dt.timedelta(hours=2)}  # hiver et été dans l'essai


def test_calendrier_agenda_et_journees_entieres(site):
    calendrier = lire_ics(site / "calendriers" / "agenda.ics")
    par_uid = {str(e["UID"]): e for e in vevents(calendrier)}
    assert sorted(par_uid) == [
        "evenement-forum-aujourdhui@essai.example",
        "evenement-matinale-elus@essai.example",
        "evenement-reunion-hier@essai.example",
    ]
    forum = par_uid["evenement-forum-aujourdhui@essai.example"]
    assert forum["DTSTART"].dt == dt.date(2026, 11, 23)
    assert forum["DTEND"].dt == dt.date(2026, 11, 24)  # fin exclusive
    assert "2 place du Forum" in str(forum["LOCATION"])
    assert str(par_uid["evenement-matinale-elus@essai.example"]["URL"]) == "https://essai.example/matinale"


def test_calendrier_par_module(site):
    uids = [str(e["UID"]) for e in vevents(lire_ics(site / "calendriers" / "formations-alpha.ics"))]
    assert all(uid.startswith("formation-alpha-") for uid in uids) and len(uids) == 4


def test_calendriers_identiques_d_un_build_a_l_autre(site, tmp_path):
    autre, _journal = construire(tmp_path / "output")
    fichiers = sorted(p.relative_to(site) for p in (site / "calendriers").rglob("*.ics"))
    # formations + agenda + 2 modules + les 3 sessions et 2 événements à venir (aucun lien vers
    # un « ajouter à mon agenda » passé : pas de fichier pour eux)
    assert len(fichiers) == 9
    for relatif in fichiers:
        assert (autre / relatif).read_bytes() == (site / relatif).read_bytes(), relatif


def test_un_site_sans_le_plugin_n_a_ni_formations_ni_agenda(site, tmp_path):
    # Les signaux Pelican sont globaux : le plugin, branché par le build du module, doit rester muet.
    sans = {**OVERRIDE, "PLUGINS": ["socle", "actualites", "recherche"]}
    sortie, journal = construire_site(tmp_path / "output", publication=True, override=sans)
    assert journal.textes() == []
    assert not (sortie / "formations").exists()
    assert not (sortie / "calendriers").exists()
    assert lire_html(sortie / "index.html").select_one("#titre-prochaines-formations") is None


def test_les_calendriers_d_abonnement_laissent_l_historique_ancien(site, tmp_path):
    """`historique_calendriers_jours` : 0 → ni la session ni la réunion finies hier ; les pages gardent tout."""
    sans_hier = {**OVERRIDE, "FORMATIONS": {"historique_calendriers_jours": 0}}
    sortie, _journal = construire_site(tmp_path / "output", publication=True, override=sans_hier)
    uids = {str(e["UID"]) for e in vevents(lire_ics(sortie / "calendriers" / "formations.ics"))}
    assert "formation-alpha-aujourdhui@essai.example" in uids
    assert not any("alpha-hier" in uid for uid in uids)
    agenda = {str(e["UID"]) for e in vevents(lire_ics(sortie / "calendriers" / "agenda.ics"))}
    assert "evenement-reunion-hier@essai.example" not in agenda
    assert "evenement-forum-aujourdhui@essai.example" in agenda
    # Par défaut (365 jours), la session d'hier est encore dans le calendrier.
    assert "formation-alpha-hier@essai.example" in {
        str(e["UID"]) for e in vevents(lire_ics(site / "calendriers" / "formations.ics"))
    }
    assert (sortie / "formations" / "alpha" / "index.html").read_bytes() == (
        site / "formations" / "alpha" / "index.html"
    ).read_bytes()


@pytest.mark.contenu_maillage
def test_les_filtres_sont_dans_l_ordre_alphabetique_francais(site_dev):
    """« Évaluer » se range avec les E, pas après « S'associer » (ordre des codes de caractères)."""
    soupe = lire_html(site_dev / "formations" / "index.html")
    modules = [o.get_text() for o in soupe.select("#filtre-module option")][1:]
    assert modules == ["Employer", "Évaluer", "Gérer", "Projeter", "S'associer"]


EVENEMENT_ANNULE = """\
  - id: forum-annule
    titre: Forum de décembre
    debut: "2026-12-05 14:00"
    fin: "17h"
    lieu: siege
    statut: annulé
    publics: [tout-public]
    mots_cles: [emploi]
    resume: Un forum qui n'aura pas lieu.
"""


def test_un_evenement_annule_reste_affiche_et_s_annule_dans_les_agendas(tmp_path):
    """« statut: annulé » sur un rendez-vous : ni ignoré (« champ inconnu ») ni retiré sans un mot.

    La page et l'accueil le disent « Annulé » sans lien « Ajouter à mon agenda », les agendas
    abonnés reçoivent STATUS:CANCELLED (ils le retirent), les moteurs EventCancelled, et la lettre
    (contrat `a_venir`) le statut « annulee », comme pour une session annulée.
    """
    donnees = tmp_path / "data"
    shutil.copytree(FIXTURES / "formations" / "data", donnees)
    with (donnees / "agenda.yml").open("a", encoding="utf-8") as fichier:
        fichier.write(EVENEMENT_ANNULE)
    override = {**OVERRIDE, "SOCLE": {"donnees": str(donnees)}}
    sortie, journal = construire_site(tmp_path / "output", publication=True, override=override)
    assert journal.textes() == []

    carte = lire_html(sortie / "agenda" / "index.html").select_one("#evenement-forum-annule")
    assert "Annulé" in carte.get_text()
    assert carte.select('a[href$=".ics"]') == []
    # Sans lien ni « Ajouter à mon agenda », pas de paragraphe vide (ni de « · » seul) sur sa carte.
    assert [p for p in carte.find_all("p") if not p.get_text(strip=True)] == []
    accueil = (
        lire_html(sortie / "index.html").select_one("#titre-prochains-evenements").find_parent("section")
    )
    assert "Annulé" in accueil.get_text()
    (vevent,) = [
        e for e in vevents(lire_ics(sortie / "calendriers" / "agenda.ics")) if "forum-annule" in str(e["UID"])
    ]
    assert str(vevent["STATUS"]) == "CANCELLED" and "ANNULÉ" in str(vevent["SUMMARY"])
    seul = vevents(lire_ics(sortie / "calendriers" / "evenements" / "forum-annule.ics"))
    assert [str(e["STATUS"]) for e in seul] == ["CANCELLED"]
    (schema,) = [
        e for e in json_ld(lire_html(sortie / "agenda" / "index.html")) if e["name"] == "Forum de décembre"
    ]
    assert schema["eventStatus"] == "https://schema.org/EventCancelled"

    rendez_vous, _problemes = charger_rendez_vous(reglages(override={"SOCLE": {"donnees": str(donnees)}}))
    (annule,) = [r for r in rendez_vous if r.uid == "evenement-forum-annule@essai.example"]
    assert annule.statut == "annulee"
    autres = [r.statut for r in rendez_vous if r.genre == "evenement" and r is not annule]
    assert autres and set(autres) == {""}


def test_categories_des_calendriers_en_libelles(site):
    """CATEGORIES portait les slugs (« reunion-thematique ») : l'agenda de l'abonné montre les
    libellés du vocabulaire, comme les pages."""
    evenements = {
        str(e["UID"]).split("@")[0]: e for e in vevents(lire_ics(site / "calendriers" / "agenda.ics"))
    }
    categories = {uid: [str(c) for c in e["CATEGORIES"].cats] for uid, e in evenements.items()}
    assert categories["evenement-forum-aujourdhui"] == ["Emploi", "Événements"]
    assert categories["evenement-matinale-elus"] == ["Collectivités"]
    (session,) = vevents(lire_ics(site / "calendriers" / "sessions" / "beta-printemps.ics"))[:1]
    assert [str(c) for c in session["CATEGORIES"].cats] == ["Formation"]
