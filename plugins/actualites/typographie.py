"""Typographie française du Markdown : apostrophes, guillemets, tirets et points de suspension.

Remplace l'extension `smarty` de Python-Markdown, qui coûtait à elle seule un cinquième d'un build
à froid : elle ajoute une douzaine de motifs « inline » que Markdown essaie sur chaque bout de texte,
et chaque apostrophe (des milliers dans un texte français) devient un nœud mis de côté puis
réinséré. Ici, une seule passe d'expressions régulières sur le texte déjà analysé, après les
motifs « inline » : le code (`code`, `pre`, `kbd`, `samp`) et le HTML brut ne sont pas touchés.

Conventions françaises plutôt que celles de smarty (guillemets anglais “…”) :

- `l'association` → `l’association` ; `'mot'` → `‘mot’` ;
- `"mot"`, `" mot "` et `<< mot >>` → `« mot »` (espaces insécables à l'intérieur ; les guillemets
  droits alternent ouvrant / fermant dans chaque bloc) ;
- `--` → `–` (demi-cadratin), `---` → `—` (cadratin), `...` → `…`.

`typographier_morceau` est une fonction pure (testée sans Markdown) ; `TypographieFrancaise`
l'applique aux textes de l'arbre Markdown dans l'ordre du document, en passant d'un morceau au
suivant le caractère précédent et l'état des guillemets, même d'un élément à l'autre (`"*mot*"`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

INSECABLE = "\u00a0"
# Éléments dont le texte reste tel quel (le contenu de <code> est de plus une AtomicString).
NON_TYPOGRAPHIES = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math"})
# Après ces caractères (ou en début de bloc), un guillemet ou une apostrophe ouvre.
AVANT_OUVRANT = " \t\n\u00a0\u202f([{«—–/-"

_SIMPLES = (
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"\.\.\."), "\u2026"),
    (re.compile(r"<<[ \u00a0]*"), "«" + INSECABLE),
    (re.compile(r"[ \u00a0]*>>"), INSECABLE + "»"),
)
_APOSTROPHE = re.compile(r"'")
_RAPIDE = re.compile(r"""['"]|--|\.\.\.|<<|>>""")  # rien de tout cela : texte rendu tel quel


def _apostrophe(trouve: re.Match) -> str:
    """‘ devant un mot après un blanc ou une ouverture (`'mot'`), ’ partout ailleurs (`l'association`)."""
    texte, position = trouve.string, trouve.start()
    avant = texte[position - 1] if position else " "
    apres = texte[position + 1] if position + 1 < len(texte) else " "
    return "\u2018" if avant in AVANT_OUVRANT and apres.isalnum() else "\u2019"


def typographier_morceau(texte: str, precedent: str = " ", ouvert: bool = False) -> tuple[str, bool]:
    """Un morceau de texte d'un bloc ; renvoie le texte et si un guillemet reste ouvert après lui.

    `precedent` : le caractère qui précède le morceau dans le document (contexte des apostrophes) ;
    `ouvert` : un guillemet « a été ouvert plus tôt dans le bloc. Les guillemets droits alternent
    ouvrant / fermant dans un bloc, ce qui accepte aussi bien `"mot"` que `" mot "`.
    """
    if not _RAPIDE.search(texte):
        return texte, ouvert
    for motif, remplacement in _SIMPLES:
        texte = motif.sub(remplacement, texte)
    if "'" in texte:
        # Le caractère précédent sert de contexte au premier signe, puis on le retire.
        texte = _APOSTROPHE.sub(_apostrophe, precedent[-1:] + texte)[1:]
    if '"' in texte:
        morceaux = texte.split('"')
        texte = morceaux[0]
        for suite in morceaux[1:]:
            if ouvert:
                texte = texte.rstrip(" ") + INSECABLE + "»" + suite
            else:
                texte = texte + "«" + INSECABLE + suite.lstrip(" ")
            ouvert = not ouvert
    return texte, ouvert


def typographier(texte: str) -> str:
    """Le texte (un bloc entier) avec la typographie française."""
    return typographier_morceau(texte)[0]


BLOCS = frozenset(
    {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}
)


class TypographieFrancaise(Treeprocessor):
    """Applique la typographie à chaque texte de l'arbre, dans l'ordre du document."""

    def run(self, root: etree.Element) -> None:
        self.precedent, self.ouvert = " ", False
        self._parcourir(root)

    def _texte(self, texte: str | None) -> str | None:
        if not texte:
            return texte
        if not isinstance(texte, AtomicString):
            texte, self.ouvert = typographier_morceau(texte, self.precedent, self.ouvert)
        self.precedent = texte[-1] if texte else self.precedent
        return texte

    def _parcourir(self, element: etree.Element) -> None:
        if element.tag in BLOCS:
            self.precedent, self.ouvert = " ", False  # un nouveau bloc recommence le contexte
        if element.tag in NON_TYPOGRAPHIES:
            self.precedent = "x"  # après du code, une apostrophe est une élision (’)
            return
        element.text = self._texte(element.text)
        for enfant in element:
            self._parcourir(enfant)
            enfant.tail = self._texte(enfant.tail)


class ExtensionTypographie(Extension):
    """`MARKDOWN = {"extension_configs": {"actualites.typographie": {}}}` dans les réglages."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (nom imposé par Python-Markdown)
        # Après les motifs « inline » (priorité 20), avant la mise en forme finale (10).
        md.treeprocessors.register(TypographieFrancaise(md), "typographie_francaise", 15)


def makeExtension(**kwargs) -> ExtensionTypographie:  # noqa: N802 (nom imposé par Python-Markdown)
    return ExtensionTypographie(**kwargs)
