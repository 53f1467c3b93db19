"""L'aperçu du personnel (`make devserver`, scripts/apercu.py) : le vrai serveur, un vrai Chromium.

Rien n'est servi avant la fin du premier build (jamais de liste de dossier) ; une actualité
enregistrée est reconstruite et la page ouverte se recharge d'elle-même, sans F5.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from outils import RACINE, copier_site_essai

DELAI_S = 60


def commande_apercu(conf, port: int) -> list[str]:
    """`scripts/apercu.py` (ce que lance `make devserver`) pour ces réglages, sur ce port."""
    return [
        sys.executable,
        str(RACINE / "scripts" / "apercu.py"),
        "--port",
        str(port),
        "--reglages",
        str(conf),
    ]


def port_libre() -> int:
    """APERCU_PORT s'il est donné (plage de ports réservée), sinon un port libre choisi par le système."""
    if os.environ.get("APERCU_PORT"):
        return int(os.environ["APERCU_PORT"])
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


def lire(url: str) -> tuple[int, str] | None:
    """(statut, texte) de la réponse, ou None si le serveur n'écoute pas encore."""
    try:
        with urllib.request.urlopen(url, timeout=5) as reponse:  # noqa: S310 (127.0.0.1)
            return reponse.status, reponse.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def attendre_dans(journal: Path, texte: str) -> None:
    limite = time.monotonic() + DELAI_S
    while texte not in journal.read_text(encoding="utf-8"):
        assert time.monotonic() < limite, journal.read_text(encoding="utf-8")
        time.sleep(0.05)


@pytest.fixture
def apercu(tmp_path):
    """(URL de base, fichier source de la première actualité, journal) d'un aperçu lancé sur le site d'essai."""
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    with conf.open("a", encoding="utf-8") as reglages:
        reglages.write('OUTPUT_PATH = str(ICI / "output")\nCACHE_PATH = str(ICI / "cache")\n')
    port = port_libre()
    journal = tmp_path / "apercu.txt"
    with journal.open("w", encoding="utf-8") as sortie:
        processus = subprocess.Popen(
            commande_apercu(conf, port),
            cwd=RACINE,  # comme `make devserver` (THEME relatif au dépôt)
            stdout=sortie,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        yield f"http://127.0.0.1:{port}/", conf.parent / "content" / "actualites" / "premiere.md", journal
    finally:
        processus.terminate()
        try:
            processus.wait(timeout=20)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()


@pytest.mark.navigateur
def test_rien_n_est_servi_avant_le_premier_build_puis_la_page_se_recharge_seule(apercu, page):
    url, source, journal = apercu
    # Dès le lancement : chaque réponse obtenue est la vraie page d'accueil, jamais une liste de
    # dossier ni une page manquante d'un build pas encore fini.
    limite = time.monotonic() + DELAI_S
    reponses = []
    while time.monotonic() < limite:
        reponse = lire(url)
        if reponse is not None:
            reponses.append(reponse)
            break
        time.sleep(0.02)
    assert reponses, f"l'aperçu ne répond pas :\n{journal.read_text(encoding='utf-8')}"
    statut, texte = reponses[0]
    assert statut == 200
    assert "Index of" not in texte and "Directory listing" not in texte
    assert 'class="pied__legal"' in texte  # la page construite, entière
    assert lire(url + "theme/")[0] == 404  # un dossier sans index.html n'est pas listé

    attendre_dans(journal, "Start detecting changes")
    time.sleep(2)  # le rechargement « au démarrage » de livereload est passé (aucun onglet ouvert)
    page.goto(url + "actualites/premiere/")
    assert "première actualité" in page.inner_text("main")
    # Le script de livereload (servi par l'aperçu lui-même) est connecté quand le serveur le dit.
    attendre_dans(journal, "Browser Connected")
    page.evaluate("window.avantRechargement = true")

    source.write_text(
        source.read_text(encoding="utf-8") + "\nUne phrase ajoutée par le test.\n", encoding="utf-8"
    )
    try:
        page.wait_for_function(
            # Pendant le rechargement, la nouvelle page n'a pas encore de <body> : on attend.
            "document.body?.innerText.includes('Une phrase ajoutée par le test.')",
            timeout=DELAI_S * 1000,
        )
    except Exception as exc:  # noqa: BLE001 (le journal de l'aperçu dit pourquoi)
        raise AssertionError(f"page non rechargée :\n{journal.read_text(encoding='utf-8')}") from exc
    assert page.evaluate("window.avantRechargement") is None  # page rechargée, pas modifiée sur place
    assert page.requetes_externes == []


def test_chemins_surveilles(tmp_path):
    """Contenus, données, thème et réglages : ce que le personnel modifie."""
    sys.path.insert(0, str(RACINE / "scripts"))
    try:
        import apercu as module_apercu
    finally:
        sys.path.remove(str(RACINE / "scripts"))
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    settings = module_apercu.gestion.lire_reglages(fichier=str(conf))
    chemins = module_apercu.gestion.chemins_du_site(settings, str(conf))
    site = conf.parent.resolve()
    assert chemins == [site / "content", site / "data", Path(settings["THEME"]).resolve(), conf.resolve()]


def test_des_reglages_illisibles_donnent_un_message_en_francais(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    conf.write_text(
        conf.read_text(encoding="utf-8") + "\nSITEURL = (\n", encoding="utf-8"
    )  # parenthèse ouverte
    resultat = subprocess.run(
        commande_apercu(conf, port_libre()),
        capture_output=True,
        text=True,
        timeout=DELAI_S,
        check=False,
    )
    assert resultat.returncode == 2
    assert "Les réglages" in resultat.stderr and "ne se lisent pas" in resultat.stderr
    assert "Traceback" not in resultat.stderr


def instantane(dossier: Path) -> dict[str, bytes]:
    return {str(f.relative_to(dossier)): f.read_bytes() for f in sorted(dossier.rglob("*")) if f.is_file()}


DOUBLON = (
    "Title: Doublon\nDate: 2013-06-01\nSlug: premiere\nTags: emploi\nSummary: Copie.\n"
    "Uid: 99999999-9999-4999-8999-999999999999\n\nLe texte du doublon.\n"
)


def test_un_build_en_echec_laisse_la_derniere_version_entiere(tmp_path, caplog):
    """Aperçu et éditeur local : un enregistrement qui casse le build ne réécrit ni flux ni pages."""
    from gestion import construire_en_continu

    conf = copier_site_essai("site_minimal", tmp_path / "site")
    with conf.open("a", encoding="utf-8") as reglages:
        reglages.write('OUTPUT_PATH = str(ICI / "output")\nCACHE_PATH = str(ICI / "cache")\n')
    sortie = tmp_path / "site" / "output"
    doublon = tmp_path / "site" / "content" / "actualites" / "doublon.md"
    options = {"succes": "construit", "montre": "L'aperçu montre"}

    # Premier build en échec : rien d'écrit (ni flux, ni pages d'un build inachevé).
    doublon.write_text(DOUBLON, encoding="utf-8")
    assert construire_en_continu(str(conf), **options) is not None
    assert not sortie.exists()
    assert "Rien n'est encore construit" in caplog.text

    doublon.unlink()
    construire_en_continu(str(conf), **options)
    avant = instantane(sortie)
    assert "actualites/premiere/index.html" in avant and "flux/actualites.atom.xml" in avant

    caplog.clear()
    doublon.write_text(DOUBLON, encoding="utf-8")
    construire_en_continu(str(conf), **options)
    assert "Le site n'a pas pu être construit" in caplog.text
    assert "L'aperçu montre la dernière version construite" in caplog.text
    assert instantane(sortie) == avant
    # Une seule marque « ✗ » : celle que le journal du personnel ajoute (FormatPersonnel).
    assert not any(r.getMessage().startswith("✗") for r in caplog.records)
