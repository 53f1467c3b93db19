// Menu du téléphone (<details class="menu"> de base.html) : Échap le replie et rend le focus à
// « Menu ». Amélioration progressive : sans JavaScript, le bouton « Menu » le replie.
document.addEventListener("keydown", function (evenement) {
  var menu = document.getElementById("menu");
  var focus = document.activeElement || document.body;
  if (evenement.key !== "Escape" || !menu || !menu.open) { return; }
  // Échap vide d'abord un champ de recherche rempli ; hors du menu, il ne le concerne pas.
  if (focus.type === "search" && focus.value) { return; }
  if (focus !== document.body && !menu.contains(focus)) { return; }
  menu.open = false;
  menu.querySelector("summary").focus();
});
