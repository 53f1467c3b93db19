// Points d'accueil : « Trouver le point d'accueil le plus proche » et carte chargée au clic.
// Sans framework ; les données (recherche.json) sont produites au build. Tout texte des
// données est inséré avec textContent : aucun HTML n'en est jamais interprété.
(function () {
  "use strict";
  var formulaire = document.getElementById("pa-formulaire");
  var champ = document.getElementById("pa-lieu");
  var zoneSuggestions = document.getElementById("pa-suggestions");
  var resultats = document.getElementById("pa-resultats");
  var commandeCarte = document.getElementById("pa-carte-commande");
  if (!formulaire || !champ || !resultats) { return; }
  var donnees = null;
  var LONGUEUR_EN_TETE = 4;  // même seuil que communes.py : « Eu » ne se propose pas pour « Europe »
  var chargement = null;
  var centreEnAttente = null;

  // Même normalisation que plugins/points_accueil/communes.py (normaliser).
  function normaliser(texte) {
    return texte.replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").replace(/ß/g, "ss")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").replace(/\bst\b/g, "saint").replace(/\bste\b/g, "sainte")
      .replace(/ /g, "");
  }

  // Même règle que communes.py (sans_article) : « La Bassée », « Bassée (La) » → « Bassée ».
  function sansArticle(nom) {
    nom = nom.trim();
    var apres = /^(.*?)\s*\(\s*(les|le|la|l['’]?)\s*\)\s*$/i.exec(nom);
    if (apres) { return apres[1]; }
    return nom.replace(/^(?:les|le|la|l)(?:\s+|\s*['’]\s*)(?=\S)/i, "");
  }

  function preparer(brut) {
    var parNom = {}, parCode = {}, sansArt = {}, cles = [];
    brut.c.forEach(function (c) {
      var commune = {nom: c[0], codes: c[1] ? c[1].split(" ") : [], lat: c[2], lon: c[3], approx: c[4] === 1};
      var cle = normaliser(commune.nom), cleSans = normaliser(sansArticle(commune.nom));
      if (!parNom[cle]) { parNom[cle] = []; cles.push(cle); }
      parNom[cle].push(commune);
      (sansArt[cleSans] = sansArt[cleSans] || []).push(commune);
      commune.codes.forEach(function (code) { (parCode[code] = parCode[code] || []).push(commune); });
    });
    var points = brut.p.map(function (p) {
      // p[10], p[11] : fermetures à dire (« Fermé du … au … ») et 1 si fermé le jour du build.
      return {id: p[0], structure: p[1], commune: p[2], lat: p[3], lon: p[4],
              accueil: p[5], horaires: p[6], tel: p[7], telInternational: p[8], rendezVous: p[9],
              fermetures: p[10] || [], ferme: p[11] === 1};
    });
    return {n: brut.n, points: points, parNom: parNom, parNomSansArticle: sansArt, parCode: parCode, cles: cles};
  }

  // Même logique que TableCommunes.trouver : le nom exact, sinon le nom sans son article.
  function trouver(nom) {
    return donnees.parNom[normaliser(nom)] || donnees.parNomSansArticle[normaliser(sansArticle(nom))] || [];
  }

  function charger() {
    if (!chargement) {
      chargement = fetch(formulaire.getAttribute("data-donnees"))
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (brut) { donnees = preparer(brut); formulaire.setAttribute("data-pret", ""); return donnees; });
    }
    return chargement;
  }

  function distanceKm(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function formaterKm(d) {
    if (d < 0.1) { return "moins de 100 m"; }
    if (d < 0.95) { return Math.round(d * 10) * 100 + " m"; }
    if (d < 10) { return d.toFixed(1).replace(".", ",") + " km"; }
    return Math.round(d) + " km";
  }

  // Même règle que distances.py (OuvertsPuisFermes) : les points ouverts les plus proches, puis
  // ceux qui sont fermés en ce moment et plus près que le dernier proposé (jamais « le plus proche »).
  function plusProches(lat, lon) {
    var tries = donnees.points.map(function (p) { return {point: p, km: distanceKm(lat, lon, p.lat, p.lon)}; })
      .sort(function (a, b) { return (a.km - b.km) || (a.point.id < b.point.id ? -1 : 1); });
    var ouverts = tries.filter(function (r) { return !r.point.ferme; }).slice(0, donnees.n);
    var limite = ouverts.length === donnees.n ? ouverts[ouverts.length - 1].km : Infinity;
    var fermes = tries.filter(function (r) { return r.point.ferme && r.km < limite; }).slice(0, donnees.n);
    return {ouverts: ouverts, fermes: fermes};
  }

  function suggestions(texte, nombre) {
    var cle = normaliser(texte), debut = [], dedans = [];
    if (!cle) { return []; }
    donnees.cles.forEach(function (k) {
      if (k.indexOf(cle) === 0) { debut.push(k); } else if (k.indexOf(cle) > 0) { dedans.push(k); }
    });
    var cles = debut.sort().concat(dedans.sort());
    if (!cles.length) { cles = communesEnTete(cle).concat(voisines(cle)); }
    var liste = [];
    cles.forEach(function (k) { liste = liste.concat(donnees.parNom[k]); });
    return liste.slice(0, nombre);
  }

  // un quartier (« Ville Centre ») ou un nom d'usage : la saisie commence par le nom d'une commune (le plus long d'abord).
  function communesEnTete(cle) {
    return donnees.cles.filter(function (k) { return k.length >= LONGUEUR_EN_TETE && cle.indexOf(k) === 0; })
      .sort(function (a, b) { return (b.length - a.length) || (a < b ? -1 : 1); });
  }

  // Fautes de frappe : noms à une ou deux lettres près (distance d'édition).
  function voisines(cle) {
    var seuil = Math.max(1, Math.floor(cle.length / 4));
    return donnees.cles
      .filter(function (k) { return Math.abs(k.length - cle.length) <= seuil; })
      .map(function (k) { return {cle: k, d: distanceEdition(cle, k, seuil)}; })
      .filter(function (e) { return e.d <= seuil; })
      .sort(function (a, b) { return (a.d - b.d) || (a.cle < b.cle ? -1 : 1); })
      .map(function (e) { return e.cle; });
  }

  function distanceEdition(a, b, seuil) {
    var precedente = [], i, j;
    for (j = 0; j <= b.length; j++) { precedente.push(j); }
    for (i = 1; i <= a.length; i++) {
      var courante = [i], minimum = i;
      for (j = 1; j <= b.length; j++) {
        courante.push(Math.min(precedente[j] + 1, courante[j - 1] + 1, precedente[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        minimum = Math.min(minimum, courante[j]);
      }
      if (minimum > seuil) { return seuil + 1; }
      precedente = courante;
    }
    return precedente[b.length];
  }

  function duCode(code) {
    return (donnees.parCode[code] || []).slice().sort(function (a, b) {
      return normaliser(a.nom) < normaliser(b.nom) ? -1 : 1;
    });
  }

  // Même règle que communes.py (separer_code_postal) : « Nom (01000) », « Nom 01000 », « 01000 Nom ».
  function separerCode(texte) {
    texte = texte.trim();
    var m = /^(.*?\D)[\s,]*\(?(\d{5})\)?$/.exec(texte);
    if (m) { return {nom: m[1].replace(/^[\s,]+|[\s,]+$/g, ""), code: m[2]}; }
    m = /^\(?(\d{5})\)?[\s,]+(\D.*)$/.exec(texte);
    if (m) { return {nom: m[2].replace(/^[\s,]+|[\s,]+$/g, ""), code: m[1]}; }
    return {nom: texte, code: null};
  }

  // Même logique que TableCommunes.rechercher : {lieu} ou {candidats}.
  function rechercher(texte) {
    texte = texte.trim();
    if (/^\d{5}$/.test(texte)) {
      // Un code partagé : on demande laquelle (leur position moyenne tromperait).
      var communesDuCode = duCode(texte);
      if (communesDuCode.length === 1) { return {lieu: lieuDe(communesDuCode[0])}; }
      return {candidats: communesDuCode, codePartage: communesDuCode.length > 1, code: texte};
    }
    var separe = separerCode(texte), code = separe.code;
    var communes = trouver(separe.nom);
    if (code) {
      // Le code départage des homonymes ; il désigne seul la commune d'un nom mal tapé.
      var filtrees = communes.filter(function (c) { return c.codes.indexOf(code) >= 0; });
      if (filtrees.length) { communes = filtrees; } else if (!communes.length) { communes = duCode(code); }
    }
    if (communes.length === 1) { return {lieu: lieuDe(communes[0])}; }
    return {candidats: communes.length ? communes : suggestions(separe.nom, 8), code: code || texte};
  }

  function lieuDe(c) { return {libelle: c.nom, lat: c.lat, lon: c.lon, approx: c.approx}; }

  // « Nom (code) » : le code tapé s'il est l'un de ceux de la commune, sinon son premier.
  function libelleChoix(c, code) {
    if (!c.codes.length) { return c.nom; }
    return c.nom + " (" + (c.codes.indexOf(code) >= 0 ? code : c.codes[0]) + ")";
  }

  function element(balise, texte, classe) {
    var e = document.createElement(balise);
    if (texte) { e.textContent = texte; }
    if (classe) { e.className = classe; }
    return e;
  }

  var annonceSuggestions = document.getElementById("pa-suggestions-annonce");

  function afficherSuggestions(communes, intro, code) {
    zoneSuggestions.textContent = "";
    var annonce = !communes.length ? "" : communes.length === 1 ? texteDuSite("suggestion-annonce-une") :
      texteDuSite("suggestions-annonce").replace("{n}", communes.length);
    if (annonceSuggestions && annonceSuggestions.textContent !== annonce) { annonceSuggestions.textContent = annonce; }
    if (!communes.length) { return; }
    zoneSuggestions.appendChild(element("p", intro));
    var liste = element("ul");
    communes.forEach(function (c) {
      var li = element("li"), bouton = element("button", libelleChoix(c, code));
      bouton.type = "button";
      bouton.addEventListener("click", function () {
        champ.value = libelleChoix(c, code);
        repondre();
        champ.focus();
      });
      li.appendChild(bouton);
      liste.appendChild(li);
    });
    zoneSuggestions.appendChild(liste);
  }

  function afficherResultats(lieu) {
    var reponse = plusProches(lieu.lat, lieu.lon), proches = reponse.ouverts;
    resultats.textContent = "";
    zoneSuggestions.textContent = "";
    // Phrases du site (réglage POINTS_ACCUEIL["textes"]), portées par le formulaire.
    // « Les 1 points… » : un seul proposé a sa phrase au singulier.
    if (proches.length) {
      var phrase = formulaire.getAttribute(proches.length === 1 ? "data-texte-plus-proche" : "data-texte-plus-proches")
        .replace("{nombre}", proches.length).replace("{lieu}", lieu.libelle);
      resultats.appendChild(element("p", phrase + (lieu.approx ? " (position approximative)" : "") + ", à vol d'oiseau :"));
      resultats.appendChild(listeReponses(proches, "ol"));
    }
    if (reponse.fermes.length) {
      resultats.appendChild(element("p", texteDuSite(reponse.fermes.length === 1 ? "ferme-plus-pres" : "fermes-plus-pres"), "pa-fermes"));
      resultats.appendChild(listeReponses(reponse.fermes, "ul"));
    }
    var premier = proches[0] || reponse.fermes[0];
    if (premier) { centrer(premier.point); }
  }

  function listeReponses(reponses, balise) {
    var liste = element(balise, null, "pa-reponses");
    reponses.forEach(function (r) {
      var li = element("li", null, "pa-reponse"), titre = element("p", null, "pa-reponse__titre");
      var lien = element("a", r.point.structure);
      lien.href = "#" + r.point.id;
      titre.appendChild(lien);
      titre.appendChild(document.createTextNode(", " + r.point.commune + " : "));
      titre.appendChild(element("span", formaterKm(r.km), "pa-distance"));
      li.appendChild(titre);
      r.point.fermetures.forEach(function (texte) {
        li.appendChild(element("p", texte, "pa-fermeture" + (r.point.ferme ? " pa-fermeture--en-cours" : "")));
      });
      li.appendChild(ligne(texteDuSite("comment-etre-recu"), r.point.accueil));
      if (r.point.horaires) { li.appendChild(ligne(texteDuSite("horaires"), r.point.horaires)); }
      li.appendChild(prendreRendezVous(r.point));
      liste.appendChild(li);
    });
    return liste;
  }

  function texteDuSite(nom) { return formulaire.getAttribute("data-texte-" + nom); }

  function ligne(intitule, valeur) {
    var p = element("p");
    p.appendChild(element("strong", intitule));
    p.appendChild(document.createTextNode(" " + valeur));
    return p;
  }

  // Le téléphone du point, ou celui de l'association ; puis la réservation en ligne, s'il y en a une.
  function prendreRendezVous(point) {
    var p = element("p", null, "pa-rdv");
    p.appendChild(element("strong", texteDuSite("prendre-rendez-vous")));
    p.appendChild(document.createTextNode(" "));
    var tel = element("a", point.tel || formulaire.getAttribute("data-telephone"), "pa-tel");
    tel.href = "tel:" + (point.telInternational || formulaire.getAttribute("data-telephone-international"));
    p.appendChild(tel);
    if (point.rendezVous && /^(https?:|mailto:)/.test(point.rendezVous)) {
      p.appendChild(document.createTextNode(" · "));
      var enLigne = element("a", texteDuSite("en-ligne"));
      enLigne.href = point.rendezVous;
      p.appendChild(enLigne);
    }
    return p;
  }

  function repondre() {
    var texte = champ.value;
    if (!texte.trim()) { return; }
    var reponse = rechercher(texte);
    if (reponse.lieu) { afficherResultats(reponse.lieu); return; }
    var nom = separerCode(texte).nom;
    if (reponse.codePartage) {
      resultats.textContent = formulaire.getAttribute("data-texte-code-postal-partage").replace("{code}", nom);
    } else if (trouver(nom).length) {
      resultats.textContent = "Plusieurs communes s'appellent « " + nom + " » : choisissez la vôtre ci-dessous.";
    } else {
      resultats.textContent = formulaire.getAttribute("data-texte-aucune-commune").replace("{texte}", texte.trim()) +
        (reponse.candidats.length ? " Vouliez-vous dire l'une de celles proposées ci-dessous ?" :
          /^\d+$/.test(nom) ? " Vérifiez le code postal, ou tapez le nom de votre commune." :
          " Vérifiez l'orthographe ou essayez le code postal.");
    }
    afficherSuggestions(reponse.candidats, "Vouliez-vous dire :", reponse.code);
  }

  // Mouvement réduit demandé (réglage du système) : la carte saute au point, sans glisser.
  function mouvementReduit() { return window.matchMedia("(prefers-reduced-motion: reduce)").matches; }

  function centrer(point) {
    // Avant le chargement, window.carte_points_accueil désigne le <div> du même id, pas la carte.
    var carte = window.carte_points_accueil;
    if (carte && typeof carte.setView === "function") { carte.setView([point.lat, point.lon], 13, {animate: !mouvementReduit()}); } else { centreEnAttente = point; }
  }

  formulaire.addEventListener("submit", function (evenement) {
    evenement.preventDefault();
    charger().then(repondre, erreurChargement);
  });
  // Les données arrivent après la première frappe : les suggestions suivent dès qu'elles sont là.
  champ.addEventListener("focus", function () { charger().then(suggerer, erreurChargement); });
  champ.addEventListener("input", suggerer);

  function suggerer() {
    if (!donnees || normaliser(champ.value).length < 2 || /^\d+$/.test(champ.value.trim())) {
      zoneSuggestions.textContent = "";
      return;
    }
    // « Nom (code postal) » vient d'un choix parmi des homonymes : rien à suggérer.
    var choisi = /\(\d{5}\)\s*$/.test(champ.value);
    var exactes = trouver(champ.value);
    afficherSuggestions(choisi || exactes.length === 1 ? [] : suggestions(champ.value, 6), "Suggestions :");
  }

  var localiser = document.getElementById("pa-localiser");
  if (!("geolocation" in navigator)) { localiser.hidden = true; }
  localiser.addEventListener("click", function () {
    resultats.textContent = "Recherche de votre position…";
    charger().then(function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        afficherResultats({libelle: "votre position", lat: position.coords.latitude, lon: position.coords.longitude});
      }, function () {
        resultats.textContent = "Votre position n'a pas pu être obtenue (autorisation refusée ?). Tapez votre commune ou votre code postal.";
      }, {timeout: 15000, maximumAge: 600000});
    }, erreurChargement);
  });

  function erreurChargement() {
    resultats.textContent = "Les données de recherche n'ont pas pu être chargées. Utilisez la liste par initiale ci-dessous.";
  }

  // Légende repliée (téléphone) : ouverte par son bouton, Leaflet cache le bouton et le focus tombait
  // sur la page ; il passe à la première case. Quittée au clavier, elle se replie (elle couvrirait
  // les marqueurs), comme Leaflet le fait quand la souris s'en va.
  function legendeAuClavier(legende, bouton) {
    var OUVERTE = "leaflet-control-layers-expanded", parLeBouton = false;
    function versLaPremiereCase(evenement) {
      if (evenement.type === "keydown" && evenement.key !== "Enter") { return; }
      var cases = legende.querySelectorAll("input");
      if (legende.classList.contains(OUVERTE) && cases.length) {
        parLeBouton = true;
        cases[0].focus();
      }
    }
    bouton.addEventListener("keydown", versLaPremiereCase);
    bouton.addEventListener("click", versLaPremiereCase);
    // Seule une légende ouverte par son bouton se replie : sur grand écran, elle reste dépliée.
    legende.addEventListener("focusout", function (evenement) {
      var suivant = evenement.relatedTarget;
      if (parLeBouton && suivant && !legende.contains(suivant)) {
        legende.classList.remove(OUVERTE);
        parLeBouton = false;
      }
    });
  }

  formulaire.hidden = false;

  // Carte : bibliothèques et tuiles chargées seulement après le clic.
  if (commandeCarte) {
    var bouton = document.getElementById("pa-afficher-carte");
    var racine = commandeCarte.getAttribute("data-siteurl");
    var url = function (chemin) { return racine + "/" + chemin; };
    commandeCarte.hidden = false;
    var etat = document.getElementById("pa-carte-etat");
    bouton.addEventListener("click", function () {
      // aria-disabled plutôt que disabled : un bouton désactivé perd le focus, renvoyé sur la page.
      if (bouton.getAttribute("aria-disabled") === "true") { return; }
      bouton.setAttribute("aria-disabled", "true");
      bouton.textContent = "Chargement de la carte…";
      JSON.parse(commandeCarte.getAttribute("data-css")).forEach(function (chemin) {
        var lien = document.createElement("link");
        lien.rel = "stylesheet";
        lien.href = url(chemin);
        document.head.appendChild(lien);
      });
      var conteneur = document.getElementById(bouton.getAttribute("aria-controls"));
      conteneur.hidden = false;
      var scripts = JSON.parse(commandeCarte.getAttribute("data-js"));
      (function suivant(i) {
        if (i === scripts.length) {
          commandeCarte.hidden = true;
          var bascule = conteneur.querySelector(".leaflet-control-layers-toggle");
          // Libellés français des commandes de Leaflet (anglais par défaut).
          [[".leaflet-control-layers-toggle", "Territoires (légende)"], [".leaflet-control-zoom-in", "Zoomer"],
           [".leaflet-control-zoom-out", "Dézoomer"]].forEach(function (c) {
            var e = conteneur.querySelector(c[0]);
            if (e) { e.title = c[1]; e.setAttribute("aria-label", c[1]); }
          });
          var carte = window.carte_points_accueil;
          if (carte && typeof carte.on === "function") {
            // Sans l'info-bulle anglaise du préfixe par défaut (« A JavaScript library… »).
            if (carte.attributionControl) { carte.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>'); }
            // Le bouton de fermeture d'une bulle s'appelle « Close popup » chez Leaflet.
            carte.on("popupopen", function (evenement) {
              var fermer = evenement.popup.getElement().querySelector(".leaflet-popup-close-button");
              if (fermer) { fermer.setAttribute("aria-label", "Fermer la bulle"); }
            });
            // Une grappe (Leaflet.markercluster) ne dit que son nombre (« bouton 8 ») : elle dit ce
            // qu'elle regroupe. Les grappes sont refaites à chaque zoom, d'où « layeradd ».
            var nommerGrappe = function (couche) {
              var icone = couche.getElement && couche.getElement();
              if (typeof couche.getChildCount === "function" && icone) {
                icone.setAttribute("aria-label", commandeCarte.getAttribute("data-texte-grappe").replace("{n}", couche.getChildCount()));
              }
            };
            carte.eachLayer(nommerGrappe);
            carte.on("layeradd", function (evenement) { nommerGrappe(evenement.layer); });
          }
          if (bascule) { legendeAuClavier(bascule.parentNode, bascule); }
          if (centreEnAttente) { centrer(centreEnAttente); }
          conteneur.setAttribute("data-prete", "");
          // Le bouton disparaît : le focus passe à la carte (flèches et +/− du clavier de Leaflet).
          if (!conteneur.hasAttribute("tabindex")) { conteneur.setAttribute("tabindex", "0"); }
          conteneur.focus();
          return;
        }
        var script = document.createElement("script");
        script.src = url(scripts[i]);
        script.onload = function () { suivant(i + 1); };
        script.onerror = function () {
          bouton.textContent = "La carte n'a pas pu être chargée";
          conteneur.hidden = true;
          if (etat) { etat.textContent = "La carte n'a pas pu être chargée. " + commandeCarte.getAttribute("data-texte-sans-carte"); }
        };
        document.body.appendChild(script);
      })(0);
    });
  }
})();
