// Les contrôles que les widgets de Decap ne savent pas faire seuls, avec les messages de
// `make check` (plugins/points_accueil/chargement.py, plugins/actualites/verification.py).

export function dansZone(latitude, longitude, zone) {
  if (!zone) return true; // sans table des communes, le chargeur ne juge pas non plus
  return zone.lat_min <= latitude && latitude <= zone.lat_max && zone.lon_min <= longitude && longitude <= zone.lon_max;
}

/** Les deux nombres que voulait dire « 50,63, 3,06 » (collé d'une page française), sinon null :
 *  comme `_coordonnees_voulues` de plugins/points_accueil/chargement.py. */
function coordonneesVoulues(ecrit) {
  const nombres = ecrit.match(/-?\d+(?:[.,]\d+)?/g) || [];
  return nombres.length === 2 ? nombres.map((n) => Number(n.replace(",", "."))) : null;
}

/** Le message d'erreur pour une position [latitude, longitude], ou "" si elle est bonne.
 *  Illisible, elle arrive en textes (ceux des deux champs). */
export function erreurCoordonnees(valeur, zone) {
  const [lat, lon] = Array.isArray(valeur) ? valeur : [];
  if (typeof lat !== "number" || typeof lon !== "number" || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    // Les deux nombres collés dans un champ, virgules décimales comprises : même message que make check.
    const ecrit = `[${[lat, lon].map((t) => String(t ?? "").trim()).filter(Boolean).join(", ")}]`;
    const voulu = coordonneesVoulues(ecrit);
    if (voulu && ecrit.replaceAll(", ", " ").includes(",")) {
      return `coordonnées illisibles : « ${ecrit} » : écrivez [${voulu[0]}, ${voulu[1]}] : un point pour les décimales, pas de virgule`;
    }
    return "coordonnées illisibles : écrivez la latitude et la longitude en degrés décimaux, ex. : 50.6339 et 3.0551";
  }
  if (dansZone(lat, lon, zone)) return "";
  const cadre = `latitude ${zone.lat_min} à ${zone.lat_max}, longitude ${zone.lon_min} à ${zone.lon_max}`;
  if (dansZone(lon, lat, zone)) {
    return `latitude et longitude inversées ? [${lat}, ${lon}] est hors de la zone desservie (${cadre}) : la latitude d'abord`;
  }
  return `coordonnées [${lat}, ${lon}] hors de la zone desservie (${cadre}) : vérifiez le point sur une carte`;
}

/** L'avertissement de `make check` pour l'adresse d'un point d'accueil qui finit par « 59810 Lesquin »
 *  (copiée d'une page web : le site écrirait deux fois le code postal), ou "". N'empêche pas
 *  d'enregistrer : pour make check non plus, ce n'est pas une erreur. */
export function avisAdressePoint(adresse) {
  const propre = String(adresse ?? "").split(/\s+/).filter(Boolean).join(" ");
  if (!/\b\d{5}\b/.test(propre)) return "";
  return `l'adresse « ${propre} » contient un code postal : le site l'écrirait deux fois : gardez dans « adresse » la rue et le numéro ; le code postal et la commune ont leurs champs`;
}

/** Le message d'erreur pour l'adresse d'une nouvelle actualité ou page, ou "". */
export function erreurAdresse(adresse, regles, collection) {
  if (!adresse) return "le titre ne donne pas d'adresse : écrivez un titre avec des lettres ou des chiffres";
  const maximum = (regles.formats || {}).longueur_max_adresse;
  const octets = new TextEncoder().encode(adresse).length;
  if (maximum && octets > maximum) {
    return `adresse trop longue (${adresse.length} caractères, au plus ${maximum}) : raccourcissez le titre`;
  }
  const prises = (regles[collection] || {}).adresses || [];
  if (prises.includes(adresse)) {
    return `adresse en double : « ${adresse} » est déjà utilisée ; changez le titre`;
  }
  return "";
}

/** Le message d'erreur pour le numéro d'un nouvel éditorial de la lettre, ou "". */
export function erreurNumero(numero, motif) {
  if (new RegExp(motif).test(numero || "")) return "";
  return "numéro de lettre attendu : l'année et le rang du numéro, par exemple « 2026-24 » (voir la page d'aperçu)";
}

/** Le message pour une fiche désignée par son identifiant (module ou lieu d'une session), ou "".
 *  `connues` : les identifiants du même fichier ; même message que `make check`. */
export function erreurReference(valeur, connues, quoi, conseil) {
  const texte = String(valeur ?? "").trim();
  if (!texte || connues.includes(texte)) return "";
  return `${quoi} inconnu « ${texte} » : ${conseil} : ${connues.length ? connues.join(", ") : "aucun"}`;
}

/** Le message pour l'identifiant d'une fiche qu'une autre fiche de la même liste porte déjà, ou "".
 *  `identifiants` : ceux de toutes les fiches de la liste, celle-ci comprise. */
export function erreurDoublon(valeur, identifiants) {
  const texte = String(valeur ?? "").trim();
  if (!texte || identifiants.filter((i) => String(i ?? "").trim() === texte).length < 2) return "";
  return `identifiant « ${texte} » en double : une autre fiche de la liste le porte déjà ; choisissez-en un autre`;
}

// Les fautes d'écriture YAML les plus courantes (codes de la bibliothèque yaml), dites en français.
const CAUSES_YAML = {
  MISSING_CHAR: "un crochet ] ou une accolade } manque",
  BAD_INDENT: "un crochet ] ou une accolade } manque", // sur une seule ligne : rien ne la ferme
  UNEXPECTED_TOKEN: "un caractère est de trop",
  DUPLICATE_KEY: "une clé est répétée",
  BLOCK_AS_IMPLICIT_KEY: "il manque des crochets [ ] ou des accolades { }",
};

/** Le message pour une valeur YAML mal écrite dans un champ d'une ligne (`erreur` : YamlIllisible,
 *  `decalage` : ce qui précède la saisie sur sa ligne quand elle est lue). */
export function erreurYaml(erreur, decalage = 0) {
  const cause = CAUSES_YAML[erreur.code];
  const colonne = erreur.position ? Math.max(1, erreur.position.col - decalage) : null;
  const ou = colonne ? `vers le ${colonne}e caractère` : "";
  const precision = [cause, ou].filter(Boolean).join(", ");
  return `écriture illisible${precision ? ` (${precision})` : ""} : suivez l'exemple sous le champ`;
}

// --- Fermetures datées d'un point d'accueil (plugins/points_accueil/fermetures.py) -------------
const EXEMPLE_FERMETURE = "ex. : « - du: 2026-07-20 », « au: 2026-08-24 », « motif: congés d'été »";

/** La date d'un texte « 2026-07-20 » qui existe, sinon null. */
function jourIso(texte) {
  const trouve = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(texte ?? "").trim());
  if (!trouve) return null;
  const [annee, mois, jour] = trouve.slice(1).map(Number);
  const date = new Date(Date.UTC(annee, mois - 1, jour));
  return date.getUTCMonth() === mois - 1 && date.getUTCDate() === jour ? trouve[0] : null;
}

const MOIS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"];
const sansAccents = (mot) => mot.toLowerCase().replace(/é/g, "e").replace(/û/g, "u");

/** « 20/07/2026 », « 20 juillet 2026 », « 2026-7-20 » récrits « 2026-07-20 » (comme
 *  socle.dates.en_annee_mois_jour), sinon "". */
function enAnneeMoisJour(texte) {
  const ecrit = String(texte ?? "");
  let annee, mois, jour, trouve;
  if ((trouve = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(ecrit))) {
    [jour, mois, annee] = trouve.slice(1);
  } else if ((trouve = /^\s*(\d{1,2})(?:er)?\s+(\p{L}+)\s+(\d{4})\s*$/u.exec(ecrit))) {
    const rang = MOIS.indexOf(sansAccents(trouve[2]));
    if (rang < 0) return "";
    [jour, mois, annee] = [trouve[1], String(rang + 1), trouve[3]];
  } else if ((trouve = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(ecrit)) && !/^\s*\d{4}-\d\d-\d\d\s*$/.test(ecrit)) {
    [annee, mois, jour] = trouve.slice(1);
  } else {
    return "";
  }
  return jourIso(`${annee}-${mois.padStart(2, "0")}-${jour.padStart(2, "0")}`) || "";
}

/** Les messages de `make check` pour une liste de fermetures [{du, au, motif}], dans l'ordre
 *  (« message : conseil ») ; [] si elles sont bonnes. */
export function erreursFermetures(fermetures) {
  const erreurs = [];
  for (const fermeture of fermetures || []) {
    const dates = {};
    const uneLigne = /^(.+?)\s+au\s+(.+)$/.exec(String(fermeture?.du ?? "").trim());
    if (uneLigne && !String(fermeture?.au ?? "").trim()) {
      const [premier, dernier] = uneLigne.slice(1).map((d) => enAnneeMoisJour(d) || d);
      erreurs.push(`fermeture : « ${uneLigne[0]} » sur la seule ligne « du: » : « au: » a sa propre ligne, sous « du: » : « du: ${premier} », « au: ${dernier} »`);
      continue;
    }
    for (const cle of ["du", "au"]) {
      const ecrit = String(fermeture?.[cle] ?? "").trim();
      if (!ecrit) {
        erreurs.push(`fermeture : date « ${cle} » manquante : le premier (du) et le dernier jour fermé (au), ${EXEMPLE_FERMETURE}`);
        continue;
      }
      dates[cle] = jourIso(ecrit);
      if (!dates[cle]) {
        const iso = enAnneeMoisJour(ecrit);
        const conseil = iso ? `écrivez « ${cle}: ${iso} » (année-mois-jour)` : `écrivez la date en année-mois-jour, ex. : « ${cle}: ${cle === "du" ? "2026-07-20" : "2026-08-24"} »`;
        erreurs.push(`fermeture : date « ${ecrit} » illisible : ${conseil}`);
      }
    }
    if (dates.du && dates.au && dates.au < dates.du) {
      erreurs.push(`fermeture : le dernier jour (${dates.au}) est avant le premier (${dates.du}) : « du: » est le premier jour fermé, « au: » le dernier : échangez-les ou corrigez l'année`);
    }
  }
  return erreurs;
}
