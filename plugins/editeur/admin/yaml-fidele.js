// YAML « fidèle » : réécrit un fichier de data/ en ne touchant que les lignes des valeurs changées.
// Commentaires, lignes vides, guillemets, listes [a, b] et ordre des clés restent ceux du fichier.
// Lecture en YAML 1.1, comme PyYAML (« 14:00 » sans guillemets est un nombre), sauf les dates,
// gardées en texte (« 2026-12-03 ») : l'éditeur les montre telles qu'écrites.
import { Document, Scalar, isMap, isScalar, isSeq, parseDocument, stringify, visit } from "./vendor/yaml/index.js";

const SANS_DATES = (tags) => tags.filter((t) => t.tag !== "tag:yaml.org,2002:timestamp");
const LECTURE = { version: "1.1", customTags: SANS_DATES };
const ECRITURE = { ...LECTURE, lineWidth: 0, flowCollectionPadding: false };
const TYPES_EN_LIGNE = new Set([Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE]);
// Les fiches d'une liste se retrouvent par leur identifiant (voir comparerListe).
const CLES_IDENTITE = ["id", "slug"];

export class YamlIllisible extends Error {
  /** `erreur` : celle de la bibliothèque yaml (code, position), pour un message en français. */
  constructor(message, erreur) {
    super(message);
    this.code = erreur?.code;
    this.position = erreur?.linePos?.[0];
  }
}

export function lireYaml(texte) {
  const document = parseDocument(texte, LECTURE);
  if (document.errors.length) throw new YamlIllisible(document.errors[0].message, document.errors[0]);
  return document.toJS() ?? {};
}

/** Une valeur sur une ligne, écrite comme dans les fichiers : [2026-12-03, 2026-12-10], {nom: …}. */
export function valeurEnLigne(valeur) {
  return stringify(valeur, { ...ECRITURE, collectionStyle: "flow" }).trim();
}

function estObjet(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function vide(v) {
  return v === undefined || v === null || v === "";
}

/**
 * Les données à écrire : ce que le formulaire renvoie, moins les champs laissés vides (une valeur
 * effacée retire la clé), plus les clés que le formulaire ne connaît pas (Decap ne renvoie que
 * les champs de config.yml : une clé ajoutée à la main dans le fichier n'est jamais perdue).
 */
export function nettoyer(nouveau, ancien) {
  if (Array.isArray(nouveau)) {
    const precedents = Array.isArray(ancien) ? ancien : [];
    const cle = cleIdentite(precedents, nouveau);
    return nouveau.map((v, i) => nettoyer(v, cle ? precedents.find((a) => a[cle] === v[cle]) : precedents[i]));
  }
  if (!estObjet(nouveau)) return nouveau;
  const avant = estObjet(ancien) ? ancien : {};
  const propre = {};
  for (const [cle, valeur] of Object.entries(nouveau)) {
    if (cle.startsWith("__") || vide(valeur)) continue;
    if (Array.isArray(valeur) && valeur.length === 0 && !(cle in avant)) continue;
    propre[cle] = nettoyer(valeur, avant[cle]);
  }
  for (const [cle, valeur] of Object.entries(avant)) {
    if (!(cle in nouveau)) propre[cle] = valeur;
  }
  return propre;
}

function stable(v) {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (estObjet(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

const egal = (a, b) => stable(a) === stable(b);

function texteScalaire(valeur, type) {
  const document = new Document(valeur, ECRITURE);
  if (typeof valeur === "string" && TYPES_EN_LIGNE.has(type)) document.contents.type = type;
  const texte = document.toString(ECRITURE).replace(/\n$/, "");
  return texte.includes("\n") ? null : texte;
}

function texteEnLigne(valeur) {
  const document = new Document(valeur, ECRITURE);
  visit(document, {
    Map: (_cle, noeud) => { noeud.flow = true; },
    Seq: (_cle, noeud) => { noeud.flow = true; },
  });
  const texte = document.toString(ECRITURE).replace(/\n$/, "");
  return texte.includes("\n") ? null : texte;
}

function texteBloc(valeur, retrait) {
  const document = new Document(valeur, ECRITURE);
  // Comme dans nos fichiers : les listes de textes ou de nombres sur une ligne, [a, b].
  visit(document, {
    Seq: (_cle, noeud) => {
      if (noeud.items.every((e) => isScalar(e))) noeud.flow = true;
    },
  });
  const texte = document.toString(ECRITURE);
  return texte.replace(/\n$/, "").split("\n").map((l) => (l ? retrait + l : l)).join("\n") + "\n";
}

class Modifications {
  constructor(source) {
    this.source = source;
    this.liste = [];
  }
  remplacer(debut, fin, texte) {
    this.liste.push({ debut, fin, texte });
  }
  debutLigne(position) {
    return this.source.lastIndexOf("\n", position - 1) + 1;
  }
  finLigne(position) {
    const fin = this.source.indexOf("\n", Math.max(position - 1, 0));
    return fin === -1 ? this.source.length : fin + 1;
  }
  colonne(position) {
    return position - this.debutLigne(position);
  }
  appliquer() {
    let texte = this.source;
    // De la fin vers le début ; à position égale, l'effacement avant l'insertion.
    for (const m of [...this.liste].sort((a, b) => b.debut - a.debut || b.fin - a.fin)) {
      texte = texte.slice(0, m.debut) + m.texte + texte.slice(m.fin);
    }
    return texte;
  }
}

// Chaque fonction renvoie false quand elle ne sait pas garder la mise en page (repli : voir ecrireYaml).
function comparer(noeud, ancien, nouveau, modifs) {
  if (egal(ancien, nouveau)) return true;
  if (isScalar(noeud) && !estObjet(nouveau) && !Array.isArray(nouveau)) {
    const texte = texteScalaire(nouveau, noeud.type);
    if (texte === null || !TYPES_EN_LIGNE.has(noeud.type)) return false;
    modifs.remplacer(noeud.range[0], noeud.range[1], texte);
    return true;
  }
  if ((isMap(noeud) || isSeq(noeud)) && noeud.flow) {
    const texte = texteEnLigne(nouveau);
    if (texte === null) return false;
    modifs.remplacer(noeud.range[0], noeud.range[1], texte);
    return true;
  }
  if (isMap(noeud) && estObjet(nouveau) && estObjet(ancien)) return comparerTable(noeud, ancien, nouveau, modifs);
  if (isSeq(noeud) && Array.isArray(nouveau) && Array.isArray(ancien)) return comparerListe(noeud, ancien, nouveau, modifs);
  return false;
}

function comparerTable(noeud, ancien, nouveau, modifs) {
  let derniereFin = null;
  let retrait = null;
  for (const paire of noeud.items) {
    const cle = isScalar(paire.key) ? String(paire.key.value) : null;
    if (cle === null || !paire.value) return false;
    retrait ??= " ".repeat(modifs.colonne(paire.key.range[0]));
    const fin = modifs.finLigne(paire.value.range[1]);
    derniereFin = fin;
    if (!(cle in nouveau)) {
      modifs.remplacer(modifs.debutLigne(paire.key.range[0]), fin, "");
      continue;
    }
    if (!comparer(paire.value, ancien[cle], nouveau[cle], modifs)) return false;
  }
  const ajouts = Object.keys(nouveau).filter((cle) => !(cle in ancien));
  if (ajouts.length) {
    if (derniereFin === null) return false;
    const texte = ajouts.map((cle) => texteBloc({ [cle]: nouveau[cle] }, retrait)).join("");
    modifs.remplacer(derniereFin, derniereFin, texte);
  }
  return true;
}

function positionsElement(noeud, i, modifs) {
  const element = noeud.items[i];
  return [modifs.debutLigne(element.range[0]), modifs.finLigne(element.range[1])];
}

// Les éléments d'une liste de fiches se retrouvent par leur identifiant (« id » ou « slug ») :
// ajouter, retirer ou modifier une fiche ne touche que ses lignes, même si d'autres changent aussi.

function cleIdentite(ancien, nouveau) {
  return CLES_IDENTITE.find((cle) => {
    const valeurs = [...ancien, ...nouveau].map((v) => (estObjet(v) ? v[cle] : undefined));
    if (!valeurs.every((v) => typeof v === "string" && v)) return false;
    return new Set(ancien.map((v) => v[cle])).size === ancien.length && new Set(nouveau.map((v) => v[cle])).size === nouveau.length;
  });
}

function comparerListe(noeud, ancien, nouveau, modifs) {
  if (!noeud.items.length || noeud.items.some((e) => !e || !e.range)) return false;
  const retrait = " ".repeat(modifs.colonne(modifs.source.lastIndexOf("-", noeud.items[0].range[0])));
  const cle = cleIdentite(ancien, nouveau);
  // Sans identifiant : élément par élément, selon leur rang.
  const correspondances = cle
    ? nouveau.map((v) => ancien.findIndex((a) => a[cle] === v[cle]))
    : nouveau.map((_v, j) => (j < ancien.length ? j : -1));
  const retrouves = correspondances.filter((i) => i >= 0);
  if (retrouves.some((i, k) => k > 0 && i <= retrouves[k - 1])) return false; // fiches réordonnées
  let position = modifs.debutLigne(noeud.items[0].range[0]);
  let ajouts = [];
  const inserer = () => {
    if (ajouts.length) modifs.remplacer(position, position, texteBloc(ajouts, retrait));
    ajouts = [];
  };
  for (let j = 0; j < nouveau.length; j += 1) {
    const i = correspondances[j];
    if (i < 0) {
      ajouts.push(nouveau[j]);
      continue;
    }
    inserer();
    if (!comparer(noeud.items[i], ancien[i], nouveau[j], modifs)) return false;
    position = positionsElement(noeud, i, modifs)[1];
  }
  inserer();
  ancien.forEach((_v, i) => {
    if (!retrouves.includes(i)) modifs.remplacer(...positionsElement(noeud, i, modifs), "");
  });
  return true;
}

function repli(document, nouveau) {
  // Dernier recours (structure changée en profondeur) : les sections modifiées sont réécrites
  // par la bibliothèque ; les commentaires des autres sections restent.
  for (const [cle, valeur] of Object.entries(nouveau)) {
    const avant = document.get(cle, true);
    if (!avant || !egal(avant.toJSON?.() ?? avant, valeur)) document.set(cle, document.createNode(valeur));
  }
  for (const paire of [...document.contents.items]) {
    if (!(String(paire.key.value ?? paire.key) in nouveau)) document.delete(paire.key);
  }
  return document.toString(ECRITURE);
}

/** Le nouveau texte du fichier `source` pour les données `nouveau` (même contenu, autres lignes intactes). */
export function ecrireYaml(source, nouveau) {
  const document = parseDocument(source, LECTURE);
  if (document.errors.length) throw new YamlIllisible(document.errors[0].message);
  const ancien = document.toJS() ?? {};
  const propre = nettoyer(nouveau, ancien);
  // Garde-fou : une section entière vidée d'un coup est un formulaire mal chargé (Decap laisse un
  // brouillon vide quand on change d'entrée sans enregistrer), pas une suppression voulue.
  for (const [section, valeur] of Object.entries(ancien)) {
    if (Array.isArray(valeur) && valeur.length && Array.isArray(propre[section]) && !propre[section].length) {
      throw new YamlIllisible(
        `la liste « ${section} » serait entièrement vidée : rien n'est écrit ; rechargez la page et recommencez`,
      );
    }
  }
  const modifs = new Modifications(source);
  let texte = comparer(document.contents, ancien, propre, modifs) ? modifs.appliquer() : null;
  if (texte === null || !egal(lireYaml(texte), propre)) texte = repli(document, propre);
  if (!egal(lireYaml(texte), propre)) throw new YamlIllisible("le fichier réécrit ne relit pas les mêmes données");
  return texte;
}
