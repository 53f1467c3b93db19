// Lance l'interface Pagefind (fichiers statiques du site, aucune requête tierce).
// « ?q=… » dans l'adresse lance directement la recherche.
(function () {
  "use strict";
  var conteneur = document.getElementById("recherche");
  if (!conteneur || typeof PagefindUI === "undefined") { return; }
  var message_sans_js = conteneur.querySelector(".recherche__sans-js");
  if (message_sans_js) { message_sans_js.remove(); }
  var interface_recherche = new PagefindUI({
    element: "#recherche",
    bundlePath: conteneur.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
  var requete = new URLSearchParams(window.location.search).get("q");
  if (requete) { interface_recherche.triggerSearch(requete); }
})();
