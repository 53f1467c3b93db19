"""Le banc de la Lettre d'infos : la mesure du PDF tourne et rend des chiffres cohérents."""

from benchmarks.publications import mesurer_pdf


def test_mesure_du_pdf():
    pdf = mesurer_pdf(repetitions=1)
    assert pdf["pages"] == 2
    assert 10_000 < pdf["taille_octets"] < 500_000
    # Reprendre le PDF du cache coûte bien moins que le composer.
    assert pdf["cache_cpu_s"] < pdf["froid_cpu_s"]
