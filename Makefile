# Commandes du site (mêmes noms que pelican-quickstart : html, serve, devserver, publish).
# Chaque cible installe d'abord ce qui manque (scripts/installer.sh est idempotent et rapide).
PY := .venv/bin/python
PELICAN := .venv/bin/pelican
PORT ?= 8000

.PHONY: installer installer-tests html regenerate serve devserver publish check test test-rapide \
        nouvelle-actualite bench lint format clean

installer:
	@bash scripts/installer.sh

installer-tests:
	@bash scripts/installer.sh --tests

html: installer          ## construit le site de développement dans output/
	$(PY) gestion.py construire

regenerate: installer    ## reconstruit à chaque modification (sans serveur)
	$(PELICAN) -r content -o output -s pelicanconf.py

serve: installer         ## sert output/ sur http://localhost:$(PORT)
	$(PELICAN) -l content -o output -s pelicanconf.py -p $(PORT)

devserver: installer     ## construit, sert et reconstruit à chaque modification
	$(PY) gestion.py verifier || echo "⚠ Des erreurs sont signalées ci-dessus : le site de développement s'affiche quand même, la publication les refusera."
	$(PELICAN) -lr content -o output -s pelicanconf.py -p $(PORT)

publish: installer       ## construit le site public (refuse toute erreur) dans output/
	$(PY) gestion.py construire --publication

check: installer         ## vérifie contenus et données, n'écrit rien
	$(PY) gestion.py verifier

test: installer-tests    ## tous les tests, navigateur compris
	$(PY) -m pytest

test-rapide: installer   ## tests sans navigateur
	$(PY) -m pytest -m "not navigateur"

nouvelle-actualite: installer  ## make nouvelle-actualite TITRE="Mon titre" [MOTS_CLES="formation, emploi"]
	@test -n "$(TITRE)" || { echo 'Usage : make nouvelle-actualite TITRE="Le titre" MOTS_CLES="formation, emploi"'; exit 2; }
	$(PY) gestion.py nouvelle-actualite "$(TITRE)" $(if $(MOTS_CLES),--mots-cles "$(MOTS_CLES)") $(if $(DATE),--date "$(DATE)")

.PHONY: plus-proche
plus-proche: installer      ## make plus-proche COMMUNE="Lesquin" (ou un code postal) : points d'accueil les plus proches
	@test -n "$(COMMUNE)" || { echo 'Usage : make plus-proche COMMUNE="Lesquin"   (ou COMMUNE=59810)'; exit 2; }
	@$(PY) gestion.py plus-proche "$(COMMUNE)"

.PHONY: lettre-apercu lettre-envoyer
lettre-apercu: installer    ## construit le site de développement avec l'aperçu du prochain numéro de la lettre
	$(PY) gestion.py lettre apercu

lettre-envoyer: installer   ## make lettre-envoyer ABONNES=/chemin/abonnes.csv [EDITION=elus] [TEST=moi@x.fr | ENVOYER=1]
	@test -n "$(ABONNES)" || { echo 'Usage : make lettre-envoyer ABONNES=/hors/du/depot/abonnes.csv [EDITION=elus] [TEST=adresse | ENVOYER=1]'; exit 2; }
	$(PY) gestion.py lettre envoyer --abonnes "$(ABONNES)" $(if $(EDITION),--edition "$(EDITION)") $(if $(TEST),--test "$(TEST)") $(if $(ENVOYER),--envoyer)

bench: installer         ## mesures de vitesse et de poids (benchmarks/)
	$(PY) -m benchmarks

lint: installer
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format: installer
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

clean:
	rm -rf output cache .pytest_cache
