// Format « entêtes Pelican » : les lignes « Clé: valeur » en tête des fichiers Markdown, une ligne
// vide, puis le texte. Même lecture que plugins/socle/entetes.py ; l'écriture suit l'ordre
// des en-têtes du modèle de `gestion.py nouvelle-actualite` (regles.json), pour un fichier identique.

// Les règles de plugins/socle/entetes.py (LIGNE_CHAMP, LIGNE_SUITE), que lisent make check et le
// build : jusqu'à trois espaces avant la clé, clé accentuée possible (« Résumé: » reste un en-tête).
// Le motif Python ne se reprend pas tel quel (son \w est Unicode, pas celui de JavaScript) :
// tests/editeur/test_scripts.py vérifie que les deux lectures coïncident.
const LIGNE_CHAMP = /^ {0,3}(\p{L}[\p{L}\p{N}_-]*)[ \t]*:[ \t]*(.*)$/u;
const LIGNE_SUITE = /^(?: {4,}|\t)(.*)$/;
// Champs dont la valeur est une liste « a, b, c ».
const LISTES = new Set(["tags"]);
// Champs du formulaire écrits seulement si le modèle ou le fichier les a (l'adresse d'une
// actualité se déduit du titre, comme pour Pelican).
const SI_PREVUS = new Set(["slug", "body"]);

export function lireEntetes(texte) {
  const lignes = texte.replace(/^\ufeff/, "").split(/\r?\n/);
  const donnees = {};
  const ordre = [];
  let derniere = null;
  let debutCorps = lignes.length;
  for (let i = 0; i < lignes.length; i += 1) {
    const ligne = lignes[i];
    if (!ligne.trim()) {
      debutCorps = i + 1;
      break;
    }
    const champ = LIGNE_CHAMP.exec(ligne);
    const suite = LIGNE_SUITE.exec(ligne);
    if (champ) {
      derniere = champ[1].toLowerCase();
      ordre.push(champ[1]);
      donnees[derniere] = champ[2].trim();
    } else if (suite && derniere) {
      donnees[derniere] = `${donnees[derniere]} ${suite[1].trim()}`.trim();
    } else {
      debutCorps = i;
      break;
    }
  }
  for (const cle of LISTES) {
    if (typeof donnees[cle] === "string") {
      donnees[cle] = donnees[cle].split(",").map((m) => m.trim()).filter(Boolean);
    }
  }
  donnees.body = lignes.slice(debutCorps).join("\n").replace(/\n+$/, "");
  donnees.__entetes = ordre;
  return donnees;
}

function enLigne(valeur) {
  if (Array.isArray(valeur)) return valeur.map((v) => String(v).trim()).filter(Boolean).join(", ");
  if (valeur === undefined || valeur === null) return "";
  // Une valeur tient sur une ligne : un retour à la ligne ouvrirait le corps du texte.
  return String(valeur).replace(/\s*\n\s*/g, " ").trim();
}

/** Le fichier complet ; `ordreNeuf` : les en-têtes d'un fichier neuf (« Title », « Date »…). */
export function ecrireEntetes(donnees, ordreNeuf, nouvelUid) {
  const ordre = [...(donnees.__entetes && donnees.__entetes.length ? donnees.__entetes : ordreNeuf)];
  const connues = new Set(ordre.map((c) => c.toLowerCase()));
  for (const cle of Object.keys(donnees)) {
    if (SI_PREVUS.has(cle) || cle.startsWith("__") || connues.has(cle) || !enLigne(donnees[cle])) continue;
    ordre.push(cle.charAt(0).toUpperCase() + cle.slice(1));
  }
  const valeurs = { ...donnees };
  if (ordre.some((c) => c.toLowerCase() === "uid") && !enLigne(valeurs.uid)) valeurs.uid = nouvelUid();
  const lignes = [];
  for (const cle of ordre) {
    const valeur = enLigne(valeurs[cle.toLowerCase()]);
    if (valeur || (donnees.__entetes || []).includes(cle)) lignes.push(`${cle}: ${valeur}`);
  }
  const corps = String(donnees.body || "").replace(/\s+$/, "");
  return `${lignes.join("\n")}\n\n${corps}\n`;
}

// La date d'une actualité (« 2026-11-20 10:30 ») comme le site l'écrit (plugins/socle/dates.py,
// date_moyenne) : « 20 novembre 2026 », et « 1er août 2026 » (l'usage français, que le format
// de Intl ne suit pas). Vide si la date est illisible.
export function dateLongue(texte) {
  const date = new Date(String(texte || "").replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return "";
  const ecrite = date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
  return date.getDate() === 1 ? ecrite.replace(/^1(?=\s)/, "1er") : ecrite;
}
