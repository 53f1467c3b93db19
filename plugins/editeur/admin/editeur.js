// L'éditeur /admin/ : Decap CMS (chargé avant ce module, démarrage manuel) avec nos formats,
// nos widgets et nos règles. Les règles viennent de regles.json, écrit par le build à partir des
// chargeurs Python (plugins/editeur/regles.py) : le formulaire refuse ce que `make check` refuse.
import { adressePelican } from "./adresse.js";
import { dateLongue, ecrireEntetes, lireEntetes } from "./entetes.js";
import { ecrireYaml, lireYaml, valeurEnLigne } from "./yaml-fidele.js";
import { stringify } from "./vendor/yaml/index.js";
import {
  avisAdressePoint, erreurAdresse, erreurCoordonnees, erreurDoublon, erreurNumero, erreurReference, erreursFermetures, erreurYaml,
} from "./validation.js";

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;
const REGLES = await (await fetch(new URL("regles.json", import.meta.url))).json();

const nouvelUid = () => crypto.randomUUID();
const enJs = (valeur) => (valeur && typeof valeur.toJS === "function" ? valeur.toJS() : valeur);

// --- Formats des fichiers -------------------------------------------------------------------
CMS.registerCustomFormat("entetes-pelican", "md", {
  fromFile: (texte) => lireEntetes(texte),
  toFile: (donnees) => ecrireEntetes(donnees, REGLES.actualites.entetes, nouvelUid),
});
CMS.registerCustomFormat("entetes-page", "md", {
  fromFile: (texte) => lireEntetes(texte),
  toFile: (donnees) => ecrireEntetes(donnees, REGLES.pages.entetes, nouvelUid),
});
// Le texte lu est gardé (par fichier, reconnu à ses sections : « points », « evenements »…) :
// l'écriture part de lui et ne change que les lignes modifiées. Decap ne garde pas, dans les
// données du formulaire, de clé qu'il ne connaît pas : on ne peut pas y ranger le texte.
const sources = new Map();
const sections = (donnees) => Object.keys(donnees).filter((c) => !c.startsWith("__")).sort().join(",");
CMS.registerCustomFormat("yaml-maillage", "yml", {
  fromFile: (texte) => {
    const donnees = lireYaml(texte);
    sources.set(sections(donnees), texte);
    return donnees;
  },
  toFile: (donnees) => {
    const source = sources.get(sections(donnees));
    const texte = source ? ecrireYaml(source, donnees) : stringify(donnees, { version: "1.1", lineWidth: 0 });
    sources.set(sections(donnees), texte);
    return texte;
  },
});

// Un éditorial de la lettre : tout le fichier est le texte (pas d'en-têtes).
CMS.registerCustomFormat("markdown-seul", "md", {
  fromFile: (texte) => ({ body: texte.replace(/\s+$/, "") }),
  toFile: (donnees) => `${String(donnees.body || "").replace(/\s+$/, "")}\n`,
});

// --- Widgets ----------------------------------------------------------------------------------
// L'adresse d'une nouvelle actualité ou page : calculée du titre comme Pelican à l'enregistrement
// (événement preSave, avant que Decap ne choisisse le nom du fichier) ; fixe ensuite.
const COLLECTIONS_ADRESSEES = new Set(["actualites", "pages"]);
const adresseDuTitre = (entree) => adressePelican(entree.getIn(["data", "title"]) || "", REGLES.actualites.regex_slug);

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    if (!entry.get("newRecord") || !COLLECTIONS_ADRESSEES.has(entry.get("collection"))) return undefined;
    let donnees = entry.get("data").set("slug", adresseDuTitre(entry));
    if (entry.get("collection") === "actualites") {
      // Pour le nom du fichier (config.yml : slug et path) ; les champs « __ » ne sont pas écrits.
      const date = String(donnees.get("date") || "");
      donnees = donnees.set("__annee", date.slice(0, 4)).set("__jour", date.slice(0, 10));
      if (!donnees.get("uid")) donnees = donnees.set("uid", nouvelUid());
    }
    return donnees;
  },
});

const Adresse = createClass({
  // Decap ne redessine pas ce champ quand le titre change : on relit le brouillon chaque seconde.
  componentDidMount() {
    this.minuterie = setInterval(() => this.forceUpdate(), 1000);
  },
  componentWillUnmount() {
    clearInterval(this.minuterie);
  },
  entree() {
    return this.props.getEntry ? this.props.getEntry() : this.props.entry;
  },
  isValid() {
    const entree = this.entree();
    if (!entree || !entree.get("newRecord")) return true;
    const message = erreurAdresse(adresseDuTitre(entree), REGLES, entree.get("collection"));
    return message ? { error: { message } } : true;
  },
  render() {
    const { value, forID, classNameWrapper } = this.props;
    const entree = this.entree();
    const nouvelle = entree && entree.get("newRecord");
    const adresse = nouvelle ? adresseDuTitre(entree) : value;
    return h(
      "output",
      { id: forID, className: `${classNameWrapper} maillage-adresse` },
      adresse ? `${adresse} (d'après le titre ; elle ne changera plus une fois publiée)` : "(calculée à partir du titre)",
    );
  },
});
CMS.registerWidget("adresse-pelican", Adresse);

// Le numéro d'un éditorial (« 2026-24 ») : à saisir pour un nouvel éditorial ; ensuite, c'est
// le nom du fichier, qui ne change plus.
const NumeroLettre = createClass({
  isValid() {
    const entree = this.props.getEntry ? this.props.getEntry() : this.props.entry;
    if (!entree || !entree.get("newRecord")) return true;
    const message = erreurNumero(this.props.value, REGLES.lettre.numero);
    return message ? { error: { message } } : true;
  },
  render() {
    const { value, forID, classNameWrapper, onChange, entry } = this.props;
    if (entry && !entry.get("newRecord")) {
      return h("output", { id: forID, className: `${classNameWrapper} maillage-adresse` }, entry.get("slug"));
    }
    return h("input", {
      id: forID,
      className: classNameWrapper,
      value: value || "",
      placeholder: "2026-24",
      onChange: (e) => onChange(e.target.value.trim()),
    });
  },
});
CMS.registerWidget("numero-lettre", NumeroLettre);

// Position [latitude, longitude] d'un point d'accueil, contrôlée dans la zone desservie.
const Coordonnees = createClass({
  getInitialState() {
    const [lat, lon] = enJs(this.props.value) || ["", ""];
    return { lat: String(lat ?? ""), lon: String(lon ?? "") };
  },
  changer(quoi, texte) {
    const etat = { ...this.state, [quoi]: texte };
    this.setState(etat);
    const nombres = [etat.lat, etat.lon].map((t) => Number(String(t).replace(",", ".").trim()));
    this.props.onChange(nombres.every((n) => String(n) !== "" && Number.isFinite(n)) ? nombres : [etat.lat, etat.lon]);
  },
  isValid() {
    const message = erreurCoordonnees(enJs(this.props.value), REGLES.points_accueil.zone);
    return message ? { error: { message } } : true;
  },
  render() {
    const { forID, classNameWrapper } = this.props;
    const champ = (quoi, libelle) =>
      h("label", null, libelle, h("input", {
        id: quoi === "lat" ? forID : `${forID}-lon`,
        inputMode: "decimal",
        value: this.state[quoi],
        onChange: (e) => this.changer(quoi, e.target.value),
      }));
    return h("div", { className: `${classNameWrapper} maillage-coordonnees` }, champ("lat", "Latitude"), champ("lon", "Longitude"));
  },
});
CMS.registerWidget("coordonnees", Coordonnees);

// Les fermetures datées d'un point d'accueil : une ligne par période (premier et dernier jour
// fermés, motif), contrôlées comme par `make check` (dates réelles, fin après le début).
const CHAMPS_FERMETURE = [["du", "Premier jour fermé", "2026-07-20"], ["au", "Dernier jour fermé", "2026-08-24"], ["motif", "Motif (facultatif)", "congés d'été"]];
const Fermetures = createClass({
  liste() {
    return (enJs(this.props.value) || []).map((f) => ({ ...f }));
  },
  changer(liste) {
    // Sans fermeture, le champ disparaît du fichier ; sans motif, la clé n'est pas écrite.
    if (!liste.length) return this.props.onChange("");
    return this.props.onChange(liste.map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => String(v ?? "").trim() !== ""))));
  },
  isValid() {
    const erreurs = erreursFermetures(this.liste());
    return erreurs.length ? { error: { message: erreurs.join(" ; ") } } : true;
  },
  render() {
    const { forID, classNameWrapper } = this.props;
    const liste = this.liste();
    const ligne = (fermeture, rang) => h("fieldset", { key: rang, className: "maillage-fermeture" },
      h("legend", null, `Fermeture ${rang + 1}`),
      ...CHAMPS_FERMETURE.map(([cle, libelle, exemple]) => h("label", { key: cle }, libelle, h("input", {
        id: rang === 0 && cle === "du" ? forID : `${forID}-${rang}-${cle}`,
        value: fermeture[cle] ?? "",
        placeholder: exemple,
        inputMode: cle === "motif" ? undefined : "numeric",
        onChange: (e) => this.changer(liste.map((f, i) => (i === rang ? { ...f, [cle]: e.target.value } : f))),
      }))),
      h("button", { type: "button", onClick: () => this.changer(liste.filter((_f, i) => i !== rang)) }, "Retirer cette fermeture"));
    const erreurs = erreursFermetures(liste);
    return h("div", { className: `${classNameWrapper} maillage-fermetures` },
      ...liste.map(ligne),
      h("button", { type: "button", onClick: () => this.changer([...liste, { du: "", au: "" }]) }, "Ajouter une fermeture"),
      erreurs.length ? h("p", { className: "maillage-erreur", role: "alert" }, erreurs.join(" ; ")) : null);
  },
});
CMS.registerWidget({ name: "fermetures", controlComponent: Fermetures, allowMapValue: true });

// L'adresse d'un point d'accueil : l'avertissement de make check (code postal collé avec la rue)
// s'affiche à la saisie, sans empêcher d'enregistrer. Widget « rue-numero » : Decap nomme son
// conteneur « <widget> field », et « adresse-… » faisait deux champs nommés « Adresse ».
const AdressePoint = createClass({
  render() {
    const { value, forID, classNameWrapper, onChange } = this.props;
    const avis = avisAdressePoint(value);
    const note = `${forID}-avis`;
    return h("div", null,
      h("input", { id: forID, className: classNameWrapper, value: value || "", "aria-describedby": avis ? note : undefined, onChange: (e) => onChange(e.target.value) }),
      avis ? h("p", { id: note, className: "maillage-avis", role: "status" }, `Avertissement : ${avis}`) : null);
  },
});
CMS.registerWidget("rue-numero", AdressePoint);

// Les fiches de la liste `liste` (config.yml) du fichier en cours d'écriture.
const fichesDe = (entree, liste) => enJs(entree.getIn(["data", liste])) || [];

// L'identifiant d'une fiche (point, lieu, module, session, événement) : unique dans sa liste.
const IdentifiantFiche = createClass({
  isValid() {
    const { field, entry, value } = this.props;
    const identifiants = fichesDe(entry, field.get("liste")).map((fiche) => fiche && fiche[field.get("name")]);
    const message = erreurDoublon(value, identifiants);
    return message ? { error: { message } } : true;
  },
  render() {
    const { value, forID, classNameWrapper, onChange } = this.props;
    return h("input", { id: forID, className: classNameWrapper, value: value || "", onChange: (e) => onChange(e.target.value) });
  },
});
CMS.registerWidget("identifiant-fiche", IdentifiantFiche);

// Le module ou le lieu d'une session : l'identifiant d'une fiche d'une autre liste du même
// fichier (config.yml : « liste », « cle »), proposé à la saisie et vérifié avant l'enregistrement.
const ReferenceFiche = createClass({
  connues() {
    const champ = this.props.field;
    const cles = fichesDe(this.props.entry, champ.get("liste")).map((fiche) => fiche && fiche[champ.get("cle")]).filter(Boolean).map(String);
    return [...new Set(cles)].sort();
  },
  isValid() {
    const champ = this.props.field;
    const message = erreurReference(this.props.value, this.connues(), champ.get("quoi"), champ.get("conseil"));
    return message ? { error: { message } } : true;
  },
  render() {
    const { value, forID, classNameWrapper, onChange } = this.props;
    const choix = `${forID}-choix`;
    return h("div", null,
      h("input", { id: forID, className: classNameWrapper, value: value || "", list: choix, onChange: (e) => onChange(e.target.value.trim()) }),
      h("datalist", { id: choix }, this.connues().map((cle) => h("option", { key: cle, value: cle }))));
  },
});
CMS.registerWidget("reference-fiche", ReferenceFiche);

// Une valeur de forme libre (liste de jours, lieu en fiche…) saisie en YAML sur une ligne.
const CLE_YAML = "valeur: ";
const YamlBrut = createClass({
  getInitialState() {
    const valeur = enJs(this.props.value);
    const texte = valeur === undefined || valeur === null ? "" : valeurEnLigne(valeur);
    return { texte, erreur: "" };
  },
  changer(texte) {
    this.setState({ texte });
    try {
      this.props.onChange(texte.trim() ? lireYaml(`${CLE_YAML}${texte}`).valeur : "");
      this.setState({ erreur: "" });
    } catch (exc) {
      this.setState({ erreur: erreurYaml(exc, CLE_YAML.length) });
    }
  },
  isValid() {
    return this.state.erreur ? { error: { message: this.state.erreur } } : true;
  },
  render() {
    const { forID, classNameWrapper } = this.props;
    const erreur = `${forID}-erreur`;
    // Le message s'affiche dès la saisie : tant qu'elle ne se lit pas, elle n'entre pas dans la
    // fiche (Decap ne la compte pas comme une modification à enregistrer).
    return h("div", null,
      h("textarea", {
        id: forID,
        className: `${classNameWrapper} maillage-yaml`,
        value: this.state.texte,
        "aria-invalid": this.state.erreur ? "true" : undefined,
        "aria-describedby": this.state.erreur ? erreur : undefined,
        onChange: (e) => this.changer(e.target.value),
      }),
      this.state.erreur ? h("p", { id: erreur, className: "maillage-erreur", role: "alert" }, this.state.erreur) : null);
  },
});
CMS.registerWidget({ name: "yaml-brut", controlComponent: YamlBrut, allowMapValue: true });

// --- Aperçu d'une actualité, avec la feuille de style du site ---------------------------------
const feuille = document.querySelector('meta[name="feuille-du-site"]');
if (feuille) CMS.registerPreviewStyle(new URL(feuille.content, document.baseURI).href);

const libelles = new Map(REGLES.actualites.mots_cles.map((m) => [m.slug, m.libelle]));

const ApercuActualite = createClass({
  render() {
    const donnees = (cle) => this.props.entry.getIn(["data", cle]);
    const mots = enJs(donnees("tags")) || [];
    return h("main", { className: "conteneur", id: "contenu" },
      h("article", { className: "actualite" },
        h("header", null,
          h("h1", null, donnees("title") || "(sans titre)"),
          h("p", { className: "actualite__date" }, `Publiée le ${dateLongue(donnees("date"))}`)),
        h("p", { className: "actualite__date" }, h("em", null, `Résumé (listes, flux, lettre) : ${donnees("summary") || "—"}`)),
        h("div", { className: "actualite__texte" }, this.props.widgetFor("body")),
        h("footer", null, h("ul", { className: "mots-cles", "aria-label": "Thématiques" },
          mots.map((m) => h("li", { key: m }, h("a", null, libelles.get(m) || m)))))));
  },
});
CMS.registerPreviewTemplate("actualites", ApercuActualite);

CMS.init();
