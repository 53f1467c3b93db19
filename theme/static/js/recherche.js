// Lance l'interface Pagefind (fichiers statiques du site, aucune requête tierce).
// « ?q=… » dans l'adresse (le champ de l'en-tête y mène) lance directement la recherche.
// Le champ reçoit un vrai nom accessible, et le nombre de résultats est annoncé (role=status) ;
// une recherche sans résultat propose d'autres chemins (thématiques, archives).
(function () {
  "use strict";
  var conteneur = document.getElementById("recherche");
  if (!conteneur || typeof PagefindUI === "undefined") { return; }
  var message_sans_js = conteneur.querySelector(".recherche__sans-js");
  if (message_sans_js) { message_sans_js.remove(); }
  var annonce = document.getElementById("recherche-annonce");
  var aide_sans_resultat = document.getElementById("recherche-aucun");
  var interface_recherche = new PagefindUI({
    element: "#recherche",
    bundlePath: conteneur.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    // La traduction française de Pagefind dit « Nettoyer » pour vider le champ.
    translations: { clear_search: "Effacer" }
  });

  function nommer_le_champ() {
    var champ = conteneur.querySelector("input.pagefind-ui__search-input");
    if (champ && !champ.hasAttribute("aria-label")) {
      champ.setAttribute("aria-label", conteneur.getAttribute("data-libelle"));
      champ.setAttribute("type", "search");
    }
  }

  var delai = null;
  function annoncer() {
    // Une annonce par recherche, quand l'interface a fini d'écrire son message.
    window.clearTimeout(delai);
    delai = window.setTimeout(function () {
      var message = conteneur.querySelector(".pagefind-ui__message");
      var texte = message ? message.textContent.trim() : "";
      if (annonce && annonce.textContent !== texte) { annonce.textContent = texte; }
      // Aucun résultat : des pistes (autre mot, thématiques, archives) plutôt qu'une page vide.
      if (aide_sans_resultat) {
        aide_sans_resultat.hidden = !texte || conteneur.querySelector(".pagefind-ui__result") !== null;
      }
    }, 400);
  }

  nommer_le_champ();
  new MutationObserver(function () { nommer_le_champ(); annoncer(); })
    .observe(conteneur, { childList: true, subtree: true, characterData: true });
  var requete = new URLSearchParams(window.location.search).get("q");
  if (requete) { interface_recherche.triggerSearch(requete); }
})();
