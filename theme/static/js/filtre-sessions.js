// Filtre des prochaines sessions (page Formations) par module, lieu et mois.
// Amélioration progressive : sans JavaScript, le formulaire reste caché et le tableau complet se lit.
(function () {
  "use strict";
  var formulaire = document.getElementById("filtres-sessions");
  var tableau = document.getElementById("tableau-sessions");
  if (!formulaire || !tableau) { return; }
  var selecteurs = formulaire.querySelectorAll("select[data-filtre]");
  var lignes = tableau.querySelectorAll("tbody tr");
  var compte = formulaire.querySelector(".filtres__compte");

  function appliquer() {
    var visibles = 0;
    lignes.forEach(function (ligne) {
      var garde = Array.prototype.every.call(selecteurs, function (choix) {
        var valeur = choix.value;
        if (!valeur) { return true; }
        var attribut = (ligne.getAttribute("data-" + choix.getAttribute("data-filtre")) || "").split(" ");
        return attribut.indexOf(valeur) !== -1 || ligne.getAttribute("data-" + choix.getAttribute("data-filtre")) === valeur;
      });
      ligne.hidden = !garde;
      if (garde) { visibles += 1; }
    });
    compte.textContent = visibles + (visibles > 1 ? " sessions affichées" : " session affichée") +
      " sur " + lignes.length;
  }

  selecteurs.forEach(function (choix) { choix.addEventListener("change", appliquer); });
  formulaire.addEventListener("submit", function (evenement) { evenement.preventDefault(); });
  formulaire.hidden = false;
  appliquer();
})();
