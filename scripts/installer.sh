#!/usr/bin/env bash
# Installe tout ce dont le projet a besoin, sur une machine neuve comme sur une machine déjà prête :
#   - l'environnement virtuel Python .venv avec les paquets épinglés de requirements.txt ;
#   - les outils JavaScript des tests (axe-core) épinglés par package-lock.json ;
#   - le bundle de l'éditeur /admin/ (Decap CMS), version et empreinte épinglées dans package.json ;
#   - les paquets Debian de la Lettre d'infos en PDF : Pango (WeasyPrint), la police Lato (incorporée
#     au PDF) et poppler-utils (pdftoppm, pour regarder les pages rendues en PNG) ;
#   - avec --tests : Chromium de Debian (tests dans un vrai navigateur) et le serveur PostgreSQL de
#     Debian (les tests du service d'abonnement le démarrent dans un dossier temporaire).
# Chaque étape est sautée quand son empreinte (hash des fichiers d'épinglage) n'a pas changé.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=0
for arg in "$@"; do
  case "$arg" in
    --tests|--navigateur) tests=1 ;;
    *) echo "installer.sh : option inconnue « $arg » (seule --tests existe)" >&2; exit 2 ;;
  esac
done

empreinte() { sha256sum "$@" | sha256sum | cut -c1-16; }

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Il faut Python 3.11 ou plus récent (trouvé : $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

stamp_py=".venv/.installe-$(empreinte requirements.txt)"
if [ ! -f "$stamp_py" ]; then
  echo "→ Environnement Python (.venv) et paquets épinglés…"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  rm -f .venv/.installe-*
  touch "$stamp_py"
fi

stamp_js="node_modules/.installe-$(empreinte package.json package-lock.json)"
if [ ! -f "$stamp_js" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "→ Outils JavaScript des tests (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp_js"
  else
    echo "npm est introuvable : installez Node.js (paquet Debian « nodejs npm ») pour les tests d'accessibilité." >&2
    exit 1
  fi
fi

# L'éditeur /admin/ (Decap CMS) : seulement le bundle publié, pas ses ~700 dépendances de
# construction. Version et empreinte épinglées dans package.json (clé « editeur »).
decap_version=$(.venv/bin/python -c 'import json; print(json.load(open("package.json"))["editeur"]["decap-cms"])')
stamp_decap="node_modules/decap-cms/.installe-$decap_version"
if [ ! -f "$stamp_decap" ]; then
  echo "→ Éditeur en ligne : bundle Decap CMS $decap_version (npm pack)…"
  archive_decap=$(mktemp -d)
  npm pack "decap-cms@$decap_version" --pack-destination "$archive_decap" --silent >/dev/null
  .venv/bin/python - "$archive_decap/decap-cms-$decap_version.tgz" <<'PY'
import base64, hashlib, json, sys
attendue = json.load(open("package.json"))["editeur"]["integrite"]
calculee = "sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode()
if calculee != attendue:
    sys.exit(f"empreinte du bundle Decap CMS inattendue : {calculee} (package.json attend {attendue})")
PY
  rm -rf node_modules/decap-cms && mkdir -p node_modules/decap-cms
  tar -xzf "$archive_decap/decap-cms-$decap_version.tgz" -C node_modules/decap-cms --strip-components=1 \
    --exclude='*.map' --exclude='package/dist/cms.*' --exclude='package/dist/*.cms.js'
  rm -rf "$archive_decap"
  touch "$stamp_decap"
fi

paquets_debian=()
for paquet in libpango-1.0-0 libpangoft2-1.0-0 fonts-lato poppler-utils; do
  dpkg-query -W -f='${Status}' "$paquet" 2>/dev/null | grep -q "install ok installed" || paquets_debian+=("$paquet")
done
if [ "$tests" = 1 ]; then
  [ -x /usr/bin/chromium ] || paquets_debian+=(chromium fonts-dejavu-core)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || paquets_debian+=(postgresql)
fi
if [ ${#paquets_debian[@]} -gt 0 ]; then
  echo "→ Paquets Debian (Lettre d'infos, tests) : ${paquets_debian[*]}…"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${paquets_debian[@]}" >/dev/null
fi
