# Commandes du site (mêmes noms que pelican-quickstart : html, serve, devserver, publish).
# Chaque cible installe d'abord ce qui manque (scripts/installer.sh est idempotent et rapide).
PY := .venv/bin/python
PELICAN := .venv/bin/pelican
PORT ?= 8000
# Le site à construire : ce dossier (le site principal) par défaut ; `make check SITE=exemples/mesclun` pour un autre.
SITE ?= .
# Pour effacer : jamais « /output » si SITE est donné vide (make clean SITE=).
DOSSIER_SITE = $(or $(strip $(SITE)),.)
GESTION := $(PY) gestion.py --site $(SITE)

.PHONY: aide help installer installer-tests html regenerate serve devserver publish check test test-rapide \
        nouvelle-actualite nouveau-site bench lint format clean

installer:               ## installe ce qui manque (scripts/installer.sh ; chaque cible le fait d'elle-même)
	@bash scripts/installer.sh

installer-tests:         ## installe aussi Chromium et PostgreSQL (tests)
	@bash scripts/installer.sh --tests

aide help:               ## cette liste : chaque cible et ce qu'elle fait
	@awk -F ':.*## ' '/^[a-z][a-z -]*:.*## / { printf "  make %-22s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

html: installer          ## construit le site de développement dans output/
	$(GESTION) construire

regenerate: installer    ## reconstruit à chaque modification (sans serveur)
	$(PELICAN) -r $(SITE)/content -o $(SITE)/output -s $(SITE)/pelicanconf.py

serve: installer         ## sert output/ sur http://localhost:$(PORT)
	$(PELICAN) -l $(SITE)/content -o $(SITE)/output -s $(SITE)/pelicanconf.py -p $(PORT)

devserver: installer     ## construit, sert, reconstruit à chaque modification et recharge la page ouverte
	$(GESTION) verifier || echo "⚠ Des erreurs sont signalées ci-dessus : le site de développement s'affiche quand même, la publication les refusera."
	$(PY) scripts/apercu.py --site $(SITE) --port $(PORT)

publish: installer       ## construit le site public (refuse toute erreur) dans output/
	$(GESTION) construire --publication

check: installer         ## vérifie contenus et données ; n'écrit rien dans le site (seulement dans cache/)
	$(GESTION) verifier

test: installer-tests    ## tous les tests, navigateur compris
	$(PY) -m pytest

test-rapide: installer   ## tests sans navigateur
	$(PY) -m pytest -m "not navigateur"

nouveau-site: installer    ## make nouveau-site DOSSIER=../mon-site : site minimal d'une autre association
	@test -n "$(DOSSIER)" || { echo 'Usage : make nouveau-site DOSSIER=../mon-site'; exit 2; }
	$(PY) gestion.py nouveau-site "$(DOSSIER)"

nouvelle-actualite: installer  ## make nouvelle-actualite TITRE="Mon titre" [MOTS_CLES="formation, emploi"]
	@test -n "$(TITRE)" || { echo 'Usage : make nouvelle-actualite TITRE="Le titre" MOTS_CLES="formation, emploi"'; exit 2; }
	$(GESTION) nouvelle-actualite "$(TITRE)" $(if $(MOTS_CLES),--mots-cles "$(MOTS_CLES)") $(if $(DATE),--date "$(DATE)")

.PHONY: plus-proche communes
communes: installer         ## table des communes des départements du réglage POINTS_ACCUEIL (données des paquets installés)
	$(GESTION) communes

plus-proche: installer      ## make plus-proche COMMUNE="Nom de commune" (ou un code postal) [LE=AAAA-MM-JJ] : points les plus proches
	@test -n "$(COMMUNE)" || { echo 'Usage : make plus-proche COMMUNE="Nom de commune"   (ou COMMUNE=code postal)'; exit 2; }
	@$(GESTION) plus-proche "$(COMMUNE)" $(if $(LE),--le "$(LE)")

.PHONY: editeur
editeur: installer          ## l'éditeur en ligne sur http://127.0.0.1:$(PORT)/admin/ (proxy git local sur le port suivant)
	$(GESTION) editeur --port $(PORT)

.PHONY: lettre-infos-apercu captures
lettre-infos-apercu: installer  ## PDF et pages PNG de chaque numéro de la Lettre d'infos dans captures/lettre-infos/
	$(GESTION) lettre-infos apercu

captures: lettre-infos-apercu html  ## images à relire dans captures/ : pages des PDF, chaque type de page à 375 et 1280 px
	$(PY) scripts/captures_pages.py

.PHONY: lettre-apercu lettre-envoyer
lettre-apercu: installer    ## construit le site de développement avec l'aperçu du prochain numéro de la lettre
	$(GESTION) lettre apercu

lettre-envoyer: installer   ## make lettre-envoyer [EDITION=elus] [TEST=moi@x.fr | ENVOYER=1] : aux abonnés de la base (ABONNEMENTS_BASE)
	$(GESTION) lettre envoyer $(if $(EDITION),--edition "$(EDITION)") $(if $(TEST),--test "$(TEST)") $(if $(ENVOYER),--envoyer)

.PHONY: abonnements
ABONNEMENTS_PORT ?= 8001
abonnements: installer      ## service d'abonnement local du site SITE sur http://localhost:$(ABONNEMENTS_PORT) (SQLite ; courriels au journal sans LETTRE_SMTP_HOTE)
	SITEURL="$${SITEURL:-http://localhost:8000}" ABONNEMENTS_URL="$${ABONNEMENTS_URL:-http://localhost:$(ABONNEMENTS_PORT)}" \
	ABONNEMENTS_REGLAGES_SITE="$${ABONNEMENTS_REGLAGES_SITE:-$(abspath $(SITE))/publishconf.py}" \
	LETTRE_SECRET="$${LETTRE_SECRET:-$$($(PY) -c 'import secrets; print(secrets.token_hex(24))')}" \
	ABONNEMENTS_COURRIELS="$${ABONNEMENTS_COURRIELS:-$$(test -n "$$LETTRE_SMTP_HOTE" || echo journal)}" \
	$(PY) -m abonnements --port $(ABONNEMENTS_PORT)

.PHONY: migration
migration: installer        ## make migration MESSAGE="…" : écrit la migration Alembic qui amène la base à abonnements/tables.py
	@test -n "$(MESSAGE)" || { echo 'Usage : make migration MESSAGE="ce qui change dans le schéma"'; exit 2; }
	$(PY) -m abonnements.commandes_migration "$(MESSAGE)"

bench: installer         ## mesures de vitesse et de poids (benchmarks/), puis le banc du service d'abonnement
	$(PY) -m benchmarks
	$(PY) -m benchmarks abonnements
	$(PY) -m benchmarks.publications

lint: installer          ## ruff : vérifie le code (aucune modification)
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format: installer        ## ruff : met le code en forme
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

clean:                   ## efface ce que les builds écrivent (output/, cache/, restes d'un build interrompu) du site SITE
	rm -rf $(DOSSIER_SITE)/output $(DOSSIER_SITE)/cache $(DOSSIER_SITE)/.output.neuf-* $(DOSSIER_SITE)/.output.ancien-* .pytest_cache
