// Filtre des prochaines sessions (page Formations) par module, lieu et mois.
// Amélioration progressive : sans JavaScript, le formulaire reste caché et le tableau complet se lit.
// Les phrases viennent du réglage FORMATIONS["textes"] (attributs data-* du compteur).
(function () {
  "use strict";
  var formulaire = document.getElementById("filtres-sessions");
  var tableau = document.getElementById("tableau-sessions");
  if (!formulaire || !tableau) { return; }
  var selecteurs = formulaire.querySelectorAll("select[data-filtre]");
  var lignes = tableau.querySelectorAll("tbody tr");
  var compte = formulaire.querySelector(".filtres__compte");
  var reinitialiser = formulaire.querySelector(".filtres__reinitialiser");

  function garde(ligne) {
    return Array.prototype.every.call(selecteurs, function (choix) {
      if (!choix.value) { return true; }
      var valeurs = (ligne.getAttribute("data-" + choix.getAttribute("data-filtre")) || "").split(" ");
      return valeurs.indexOf(choix.value) !== -1 ||
        ligne.getAttribute("data-" + choix.getAttribute("data-filtre")) === choix.value;
    });
  }

  function appliquer() {
    var visibles = 0;
    var filtre = Array.prototype.some.call(selecteurs, function (choix) { return choix.value; });
    lignes.forEach(function (ligne) {
      ligne.hidden = !garde(ligne);
      if (!ligne.hidden) { visibles += 1; }
    });
    // Aucun résultat : on le dit, et on propose de tout revoir ; le tableau vide est caché.
    tableau.hidden = visibles === 0;
    compte.textContent = visibles === 0 ? compte.getAttribute("data-aucune") :
      compte.getAttribute(visibles > 1 ? "data-plusieurs" : "data-une").replace("{n}", visibles).replace("{total}", lignes.length);
    reinitialiser.hidden = !filtre;
  }

  selecteurs.forEach(function (choix) { choix.addEventListener("change", appliquer); });
  formulaire.addEventListener("submit", function (evenement) { evenement.preventDefault(); });
  formulaire.addEventListener("reset", function () {
    // L'événement « reset » précède la remise à zéro des listes : on applique juste après.
    window.setTimeout(function () { appliquer(); selecteurs[0].focus(); }, 0);
  });
  formulaire.hidden = false;
  appliquer();
})();
