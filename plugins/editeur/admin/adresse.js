// L'adresse (slug) d'une actualité ou d'une page, calculée comme pelican.utils.slugify avec les
// substitutions SLUG_REGEX_SUBSTITUTIONS du site (regles.json) : le nom du fichier et l'adresse
// publiée sont ceux que donnerait `gestion.py nouvelle-actualite`.

// Ce que unidecode (utilisé par Pelican) fait des caractères que NFKD ne décompose pas.
const TRANSLITTERATIONS = {
  "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
  "ł": "l", "Ł": "L", "þ": "th", "ð": "d", "€": "EUR", "‘": "'", "’": "'", "‚": ",", "“": '"',
  "”": '"', "„": ",,", "«": "<<", "»": ">>", "–": "-", "—": "-", "…": "...", "\u00a0": " ",
  "\u202f": " ", "°": "deg", "×": "x",
};

function enAscii(texte) {
  return texte
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x00-\x7f]/g, (c) => TRANSLITTERATIONS[c] ?? "");
}

function motifJs(motif) {
  // Syntaxe Python → JavaScript pour les motifs usuels de SLUG_REGEX_SUBSTITUTIONS.
  return motif.replace(/\(\?u\)/g, "").replace(/\\A/g, "^").replace(/\\Z/g, "$");
}

export function adressePelican(titre, substitutions) {
  let valeur = String(titre || "")
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, "")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ")
    .normalize("NFKC");
  valeur = enAscii(valeur);
  for (const [motif, remplacement] of substitutions) {
    valeur = valeur.replace(new RegExp(motifJs(motif), "gi"), remplacement.replace(/\\(\d)/g, "$$$1"));
  }
  return valeur.toLowerCase().trim();
}
