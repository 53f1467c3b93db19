"""Lance une commande, note sa durée, son temps de processeur et son pic de mémoire :
`python -m benchmarks.lanceur RAPPORT.json CMD…`.

Temps de processeur : utilisateur + système de la commande et de tous ses sous-processus attendus
(Pagefind compris), relevés par `getrusage(RUSAGE_CHILDREN)` une fois la commande finie ; la part
du système (noyau : création des fichiers et dossiers, lectures) est notée à part, car c'est elle
qui varie d'un build à l'autre avec l'état du disque partagé de la machine.

Pourquoi un intermédiaire : sous Linux, le pic de mémoire (`ru_maxrss`) d'un processus compte
aussi celui du processus qui l'a lancé au moment du fork. Lancés depuis le harnais (qui tient
les corpus en mémoire), les builds hériteraient de son pic ; lancés depuis ce petit processus,
ils n'héritent que du sien (une dizaine de Mo, identique pour le site et pour Pelican nu).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    rapport, commande = argv[0], argv[1:]
    debut = time.perf_counter()
    code = subprocess.call(commande, stdin=subprocess.DEVNULL)
    secondes = time.perf_counter() - debut
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN)  # build et ses sous-processus
    mesure = {
        "code": code,
        "secondes": secondes,
        "cpu_s": enfants.ru_utime + enfants.ru_stime,
        "systeme_s": enfants.ru_stime,
        "pic_kio": enfants.ru_maxrss,
    }
    with open(rapport, "w", encoding="utf-8") as fichier:
        json.dump(mesure, fichier)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
