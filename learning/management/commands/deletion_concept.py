"""Write docs/datenschutz/loeschkonzept.md from the retention settings and purges, or check that it is current."""

from .roles_matrix import Command as RolesMatrixCommand


class Command(RolesMatrixCommand):
    help = (
        "Schreibt das Löschkonzept (docs/datenschutz/loeschkonzept.md) aus den Aufbewahrungsfristen im Code."
    )
    document = "deletion_concept"
