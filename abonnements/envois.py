"""Le côté base de l'envoi de la lettre : figer un numéro, le verrou, noter chaque remise.

Le même code sur SQLite et PostgreSQL. Ce que la commande d'envoi (`lettre.envoi`) y fait :

1. prendre le verrou « envoi » (`Verrou`) : une ligne de `verrous`, repoussée pendant l'envoi ;
   un second envoyeur attend un temps borné puis renonce ; le verrou d'un processus tué (expiré,
   ou dont le PID n'existe plus sur cette machine) se reprend ;
2. `figer` le numéro : une ligne de `numeros` (la préparation du build, en JSON) et une ligne de
   `remises` « a_envoyer » par destinataire, *en une transaction* ; les destinataires sont les
   abonnés confirmés de l'édition absents de `suppressions`, à cet instant. Une relance retrouve le
   numéro figé et sa liste, sans rien y ajouter ;
3. noter chaque remise (`SuiviNumero`) dans sa propre transaction, validée avant de passer au
   destinataire suivant : envoyé, refus définitif (5xx : `refuse`, une ligne de `suppressions` et
   d'`historique`), refus temporaire (4xx : un essai de plus ; au-delà de la fenêtre d'essais,
   `differe` : le numéro se termine sans lui, il sera destinataire du suivant) ;
4. `terminer` : le numéro est complet quand plus aucune remise n'est « a_envoyer » (`termine_le`).

Seule fenêtre de doublon possible : entre la réponse 250 du serveur SMTP et la validation de la
ligne « envoye » (processus tué, base injoignable à cet instant précis) : ce destinataire-là, et lui
seul, reçoit le numéro une seconde fois à la relance.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .base import maintenant, utc
from .tables import abonnements, abonnes, historique, numeros, remises, suppressions, verrous
from .validation import canonique

ACTEUR = "envoi"


# --- Le verrou -------------------------------------------------------------------------------


class VerrouOccupe(Exception):
    """Un autre envoi tient le verrou (message en français, avec son détenteur)."""


class VerrouPerdu(Exception):
    """Le verrou a été repris par un autre envoyeur (celui-ci a été bloqué trop longtemps)."""


def detenteur_courant() -> str:
    """« machine:pid:aléa » : qui tient le verrou, et de quoi reconnaître un processus disparu."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _processus_disparu(detenteur: str) -> bool:
    """Vrai si le détenteur est un processus de cette machine qui n'existe plus."""
    hote, _, reste = detenteur.partition(":")
    pid = reste.partition(":")[0]
    if hote != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # il existe, sous un autre utilisateur
    return False


@dataclass
class Verrou:
    """Verrou nommé en base : une seule ligne par nom (clé primaire), expirant si on ne la repousse pas."""

    moteur: sa.Engine
    nom: str = "envoi"
    duree_s: float = 120.0
    detenteur: str = ""
    horloge: Callable[[], float] = time.monotonic
    _repousse_le: float = 0.0

    def __post_init__(self):
        self.detenteur = self.detenteur or detenteur_courant()

    def _expiration(self, instant: dt.datetime) -> dt.datetime:
        return instant + dt.timedelta(seconds=self.duree_s)

    def _essayer(self) -> tuple[bool, sa.Row | None]:
        instant = maintenant()
        try:
            with self.moteur.begin() as connexion:
                connexion.execute(
                    verrous.insert().values(
                        nom=self.nom,
                        detenteur=self.detenteur,
                        pris_le=instant,
                        expire_le=self._expiration(instant),
                    )
                )
            return True, None
        except sa.exc.IntegrityError:
            pass
        with self.moteur.begin() as connexion:
            ligne = connexion.execute(sa.select(verrous).where(verrous.c.nom == self.nom)).first()
            if ligne is None:
                return False, None  # rendu entre-temps : on réessaie tout de suite
            if utc(ligne.expire_le) < instant or _processus_disparu(ligne.detenteur):
                # Reprise d'un verrou abandonné ; la condition sur l'ancien détenteur fait qu'un
                # seul des repreneurs simultanés l'obtient.
                repris = connexion.execute(
                    verrous.update()
                    .where(verrous.c.nom == self.nom, verrous.c.detenteur == ligne.detenteur)
                    .values(detenteur=self.detenteur, pris_le=instant, expire_le=self._expiration(instant))
                )
                if repris.rowcount == 1:
                    return True, ligne
        return False, ligne

    def prendre(self, attente_s: float = 0.0, dormir: Callable[[float], None] = time.sleep) -> sa.Row | None:
        """Prend le verrou, en attendant au plus `attente_s` ; renvoie la ligne reprise s'il y en avait une.

        Lève VerrouOccupe (message en français) si un autre envoi le tient encore après l'attente.
        """
        limite = self.horloge() + attente_s
        while True:
            obtenu, ligne = self._essayer()
            if obtenu:
                self._repousse_le = self.horloge()
                return ligne
            if ligne is None:
                continue
            reste = limite - self.horloge()
            if reste <= 0:
                raise VerrouOccupe(
                    f"un autre envoi est en cours ({ligne.detenteur}, depuis le "
                    f"{utc(ligne.pris_le):%d/%m/%Y %H:%M:%S} UTC) : il se termine seul ; relancez "
                    "plus tard. S'il a été arrêté, son verrou se libère le "
                    f"{utc(ligne.expire_le):%d/%m/%Y à %H:%M:%S} UTC"
                )
            dormir(min(1.0, reste))

    def repousser(self, force: bool = False) -> None:
        """Repousse l'expiration (au plus toutes les `duree_s / 4` secondes, sauf `force`)."""
        if not force and self.horloge() - self._repousse_le < self.duree_s / 4:
            return
        instant = maintenant()
        with self.moteur.begin() as connexion:
            fait = connexion.execute(
                verrous.update()
                .where(verrous.c.nom == self.nom, verrous.c.detenteur == self.detenteur)
                .values(expire_le=self._expiration(instant))
            )
        if fait.rowcount != 1:
            raise VerrouPerdu(
                "le verrou d'envoi a été repris par un autre envoyeur (celui-ci est resté bloqué "
                "plus longtemps que sa durée) : cet envoi s'arrête, l'autre continue"
            )
        self._repousse_le = self.horloge()

    def rendre(self) -> None:
        with self.moteur.begin() as connexion:
            connexion.execute(
                verrous.delete().where(verrous.c.nom == self.nom, verrous.c.detenteur == self.detenteur)
            )


# --- Le numéro figé et ses destinataires -----------------------------------------------------


@dataclass(frozen=True)
class NumeroFige:
    """Un numéro en cours d'envoi ou envoyé, tel que la base l'a figé."""

    id: int
    numero: str
    edition: str
    preparation: dict
    fige_le: dt.datetime
    termine_le: dt.datetime | None


@dataclass(frozen=True)
class Destinataire:
    abonne_id: int
    courriel: str
    nom: str


def _eligibles(edition: str) -> sa.Select:
    """Les abonnés qui reçoivent `edition` maintenant : confirmés, abonnés à l'édition, non supprimés."""
    return (
        sa.select(abonnes.c.id)
        .join(
            abonnements,
            sa.and_(abonnements.c.abonne_id == abonnes.c.id, abonnements.c.edition == edition),
        )
        .where(abonnes.c.statut == "confirme")
        .where(~sa.exists().where(suppressions.c.courriel_canonique == abonnes.c.courriel_canonique))
    )


def compter_destinataires(moteur: sa.Engine, edition: str) -> int:
    """Combien recevraient l'édition si on la figeait maintenant (simulation)."""
    with moteur.connect() as connexion:
        return connexion.execute(
            sa.select(sa.func.count()).select_from(_eligibles(edition).subquery())
        ).scalar()


def _numero_de(ligne) -> NumeroFige:
    return NumeroFige(
        ligne.id,
        ligne.numero,
        ligne.edition,
        json.loads(ligne.preparation),
        utc(ligne.fige_le),
        utc(ligne.termine_le),
    )


def numeros_de(moteur: sa.Engine, edition: str) -> list[NumeroFige]:
    """Les numéros figés d'une édition, du plus ancien au plus récent."""
    with moteur.connect() as connexion:
        lignes = connexion.execute(
            sa.select(numeros).where(numeros.c.edition == edition).order_by(numeros.c.fige_le, numeros.c.id)
        )
        return [_numero_de(ligne) for ligne in lignes]


def figer(
    moteur: sa.Engine, preparation: dict, edition: str, instant: dt.datetime | None = None
) -> NumeroFige:
    """Fige le numéro et la liste de ses destinataires en une transaction ; le renvoie tel qu'en base.

    Déjà figé (relance) : renvoie le numéro existant, sa préparation et sa liste inchangées.
    """
    instant = instant or maintenant()
    ident = str(preparation["numero"]["numero"])
    condition = sa.and_(numeros.c.numero == ident, numeros.c.edition == edition)
    try:
        with moteur.begin() as connexion:
            existant = connexion.execute(sa.select(numeros).where(condition)).first()
            if existant is not None:
                return _numero_de(existant)
            numero_id = connexion.execute(
                numeros.insert().values(
                    numero=ident,
                    edition=edition,
                    fige_le=instant,
                    preparation=json.dumps(preparation, ensure_ascii=False, sort_keys=True),
                )
            ).inserted_primary_key[0]
            ids = connexion.execute(_eligibles(edition).order_by(abonnes.c.id)).scalars().all()
            if ids:
                connexion.execute(
                    remises.insert(),
                    [
                        {
                            "numero_id": numero_id,
                            "abonne_id": i,
                            "etat": "a_envoyer",
                            "essais": 0,
                            "modifie_le": instant,
                        }
                        for i in ids
                    ],
                )
    except sa.exc.IntegrityError:
        pass  # figé au même instant par un autre (sans verrou) : on lit le sien
    with moteur.connect() as connexion:
        return _numero_de(connexion.execute(sa.select(numeros).where(condition)).one())


def defiger(moteur: sa.Engine, numero: NumeroFige) -> bool:
    """Oublie un numéro figé dont aucune remise n'a abouti (toutes « a_envoyer ») ; dit s'il l'a fait.

    Ce numéro n'est parti chez personne : la relance le refait depuis le contenu et les abonnés du
    moment (un numéro corrigé après un refus du message par le serveur part corrigé). Dès qu'une
    remise est notée envoyée, refusée ou différée (`Comptes.commence`), le numéro reste figé.
    """
    with moteur.begin() as connexion:
        servie = connexion.execute(
            sa.select(sa.exists().where(remises.c.numero_id == numero.id, remises.c.etat != "a_envoyer"))
        ).scalar()
        if servie:
            return False
        connexion.execute(remises.delete().where(remises.c.numero_id == numero.id))
        return bool(
            connexion.execute(
                numeros.delete().where(numeros.c.id == numero.id, numeros.c.termine_le.is_(None))
            ).rowcount
        )


def restants(moteur: sa.Engine, numero: NumeroFige) -> tuple[list[Destinataire], int]:
    """(destinataires encore « a_envoyer », nombre de retirés) dans l'ordre de la liste figée.

    Une personne désinscrite, effacée ou mise en liste de suppression depuis le gel ne reçoit pas
    le numéro : sa remise est retirée (elle n'a jamais été envoyée).
    """
    with moteur.begin() as connexion:
        retires = connexion.execute(
            remises.delete().where(
                remises.c.numero_id == numero.id,
                remises.c.etat == "a_envoyer",
                remises.c.abonne_id.not_in(_eligibles(numero.edition)),
            )
        ).rowcount
        lignes = connexion.execute(
            sa.select(remises.c.abonne_id, abonnes.c.courriel, abonnes.c.nom)
            .join(abonnes, abonnes.c.id == remises.c.abonne_id)
            .where(remises.c.numero_id == numero.id, remises.c.etat == "a_envoyer")
            .order_by(remises.c.abonne_id)
        )
        return [Destinataire(*ligne) for ligne in lignes], retires


@dataclass(frozen=True)
class Comptes:
    a_envoyer: int = 0
    envoye: int = 0
    refuse: int = 0
    differe: int = 0

    @property
    def total(self) -> int:
        return self.a_envoyer + self.envoye + self.refuse + self.differe

    @property
    def commence(self) -> bool:
        """Une remise au moins a abouti (envoyée, refusée ou différée) : le numéro reste figé
        (la règle de `defiger`, qui la vérifie en base dans sa transaction)."""
        return self.a_envoyer < self.total


def comptes(moteur: sa.Engine, numero: NumeroFige) -> Comptes:
    with moteur.connect() as connexion:
        lignes = connexion.execute(
            sa.select(remises.c.etat, sa.func.count())
            .where(remises.c.numero_id == numero.id)
            .group_by(remises.c.etat)
        )
        return Comptes(**dict(lignes.all()))


def non_remis(moteur: sa.Engine, numero: NumeroFige) -> list[tuple[str, str, int | None, str]]:
    """(adresse, état, code, réponse) des refusés et des différés du numéro, par adresse."""
    with moteur.connect() as connexion:
        lignes = connexion.execute(
            sa.select(abonnes.c.courriel, remises.c.etat, remises.c.code, remises.c.reponse)
            .join(abonnes, abonnes.c.id == remises.c.abonne_id)
            .where(remises.c.numero_id == numero.id, remises.c.etat.in_(("refuse", "differe")))
            .order_by(abonnes.c.courriel_canonique)
        )
        return [tuple(ligne) for ligne in lignes]


def terminer(moteur: sa.Engine, numero: NumeroFige, instant: dt.datetime | None = None) -> bool:
    """Marque le numéro terminé s'il ne reste aucune remise « a_envoyer » ; dit s'il l'est."""
    with moteur.begin() as connexion:
        reste = connexion.execute(
            sa.select(sa.func.count())
            .select_from(remises)
            .where(remises.c.numero_id == numero.id, remises.c.etat == "a_envoyer")
        ).scalar()
        if reste:
            return False
        connexion.execute(
            numeros.update()
            .where(numeros.c.id == numero.id, numeros.c.termine_le.is_(None))
            .values(termine_le=instant or maintenant())
        )
        return True


# --- Noter chaque remise ---------------------------------------------------------------------


def _inserer_sans_doublon(connexion, table, valeurs: dict, cles: list[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING, dans le dialecte de la base (la contrainte d'unicité tranche)."""
    dialecte = {"sqlite": sqlite, "postgresql": postgresql}[connexion.dialect.name]
    connexion.execute(dialecte.insert(table).values(**valeurs).on_conflict_do_nothing(index_elements=cles))


@dataclass
class SuiviNumero:
    """Note en base, une transaction chacune, ce qu'il advient de chaque destinataire d'un numéro."""

    moteur: sa.Engine
    numero: NumeroFige
    essais_max: int = 4

    def _remise(self, destinataire: Destinataire):
        return remises.update().where(
            remises.c.numero_id == self.numero.id,
            remises.c.abonne_id == destinataire.abonne_id,
            remises.c.etat == "a_envoyer",
        )

    def _historique(self, connexion, destinataire: Destinataire, action: str, detail: str, instant) -> None:
        connexion.execute(
            historique.insert().values(
                abonne_id=destinataire.abonne_id,
                quand=instant,
                acteur=ACTEUR,
                action=action,
                detail=f"lettre {self.numero.numero} ({self.numero.edition}) : {detail}",
            )
        )

    def envoye(self, destinataire: Destinataire, reponse: str = "") -> None:
        with self.moteur.begin() as connexion:
            connexion.execute(
                self._remise(destinataire).values(
                    etat="envoye",
                    essais=remises.c.essais + 1,
                    code=250,
                    reponse=reponse[:500],
                    modifie_le=maintenant(),
                )
            )

    def refuse(self, destinataire: Destinataire, code: int, reponse: str) -> None:
        """Refus définitif (5xx) : remise « refuse », adresse en liste de suppression, historique."""
        instant = maintenant()
        with self.moteur.begin() as connexion:
            connexion.execute(
                self._remise(destinataire).values(
                    etat="refuse",
                    essais=remises.c.essais + 1,
                    code=code,
                    reponse=reponse[:500],
                    modifie_le=instant,
                )
            )
            _inserer_sans_doublon(
                connexion,
                suppressions,
                {
                    "courriel_canonique": canonique(destinataire.courriel),
                    "raison": "refus_definitif",
                    "detail": f"{code} {reponse}"[:500],
                    "depuis": instant,
                },
                ["courriel_canonique"],
            )
            self._historique(connexion, destinataire, "refus_definitif", f"{code} {reponse}"[:500], instant)

    def reprendre_refus(self, destinataires, motif: str) -> None:
        """Annule les refus que `refuse` venait de noter pour ces destinataires : liste de suppression
        levée, remise de ce numéro de nouveau « a_envoyer ».

        Pour des refus qui venaient du serveur et non des adresses (le même pour toute une suite) :
        une fois le serveur réparé, la même commande leur envoie ce numéro, et ils reçoivent les
        suivants, sans que le personnel ait à toucher à la base.
        """
        instant = maintenant()
        with self.moteur.begin() as connexion:
            for destinataire in destinataires:
                connexion.execute(
                    remises.update()
                    .where(
                        remises.c.numero_id == self.numero.id,
                        remises.c.abonne_id == destinataire.abonne_id,
                        remises.c.etat == "refuse",
                    )
                    # L'essai refusé ne compte pas : la remise garde tous ses essais pour les refus temporaires.
                    .values(etat="a_envoyer", essais=remises.c.essais - 1, modifie_le=instant)
                )
                leve = connexion.execute(
                    suppressions.delete().where(
                        suppressions.c.courriel_canonique == canonique(destinataire.courriel),
                        suppressions.c.raison == "refus_definitif",
                    )
                ).rowcount
                if leve:
                    self._historique(connexion, destinataire, "suppression_levee", motif[:300], instant)

    def temporaire(self, destinataire: Destinataire, code: int, reponse: str) -> str:
        """Refus temporaire (4xx) : un essai de plus ; au-delà de `essais_max`, « differe ».

        Renvoie le nouvel état : « a_envoyer » (à réessayer), « differe », ou « retire » si la remise
        n'est plus à envoyer (personne effacée pendant l'envoi) : ne plus réessayer.
        """
        instant = maintenant()
        with self.moteur.begin() as connexion:
            essais = connexion.execute(
                self._remise(destinataire)
                .values(essais=remises.c.essais + 1, code=code, reponse=reponse[:500], modifie_le=instant)
                .returning(remises.c.essais)
            ).scalar()
            if essais is None:
                return "retire"
            if essais < self.essais_max:
                return "a_envoyer"
            connexion.execute(
                remises.update()
                .where(remises.c.numero_id == self.numero.id, remises.c.abonne_id == destinataire.abonne_id)
                .values(etat="differe")
            )
            self._historique(
                connexion,
                destinataire,
                "differe",
                f"{essais} essais, dernier : {code} {reponse}"[:500],
                instant,
            )
            return "differe"
