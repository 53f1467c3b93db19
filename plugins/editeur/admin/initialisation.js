// Decap CMS attend qu'editeur.js ait enregistré nos formats et widgets avant de démarrer.
window.CMS_MANUAL_INIT = true;
