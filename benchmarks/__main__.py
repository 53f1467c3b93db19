"""`python -m benchmarks` (ou `make bench`) : voir benchmarks/harnais.py.

`python -m benchmarks abonnements` : le banc du service d'abonnement (benchmarks/abonnements.py).
`python -m benchmarks envoi` : le banc de l'envoi de la lettre (benchmarks/envoi.py).
"""

import sys

if sys.argv[1:2] == ["abonnements"]:
    from .abonnements import main as main_abonnements

    sys.exit(main_abonnements(sys.argv[2:]))
if sys.argv[1:2] == ["envoi"]:
    from .envoi import main as main_envoi

    sys.exit(main_envoi(sys.argv[2:]))

from .harnais import main  # noqa: E402

sys.exit(main())
