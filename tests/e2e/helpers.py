"""Helpers for browser tests: sign in through the real form and check pages with axe-core."""

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

from tests.factories import PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA is what BITV 2.0 requires of public pages.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in with the form at /anmelden/, as a person would; returns once the answer has loaded.

    An account with a second factor then enters the code its authenticator app would show."""
    page.goto("/anmelden/")
    page.get_by_label("Benutzername", exact=True).fill(username)
    page.get_by_label("Passwort", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden", exact=True).click()
    if "/anmelden/code/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code", exact=True).fill(totp_code(device.bin_key, after=device.last_t))
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen", exact=True).click()


def totp_code(key: bytes, after: int = -1) -> str:
    """The code an authenticator app shows now; the next one if now's was used already (no replays)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(key)
    totp.time = time.time()
    if totp.t() <= after:
        totp.drift = after - totp.t() + 1
    return f"{totp.token():06d}"


@cache
def _axe_source() -> str:
    # Read from node_modules and injected inline: browser tests make no network requests.
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core on the page as it is now and return its WCAG 2.1 A/AA violations.

    `exclude` names CSS selectors of parts axe leaves out: markup of Wagtail's own with a known violation
    that the project cannot fix (each caller says which)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # evaluate() runs through the DevTools protocol, which the site's strict CSP (no inline
        # scripts) rightly does not cover; an injected <script> tag would be blocked.
        page.evaluate(f"() => {{ {_axe_source()} }}")
    # A fade-in that is still running shows blended colours (Wagtail's error message and tab badges
    # measured 3.66:1 halfway, 4.65:1 at rest): let running finite animations end, for at most 2 s.
    page.evaluate(
        """() => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(animation => animation.playState === 'running'
                        && animation.effect.getComputedTiming().endTime !== Infinity)
                    .map(animation => animation.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 2000)),
            ])"""
    )
    return page.evaluate(
        """([tags, exclude]) => axe.run(
                exclude.length ? {exclude: exclude.map(selector => [selector])} : document,
                {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']},
            ).then(results => results.violations)""",
        [WCAG_TAGS, list(exclude)],
    )


def format_violations(violations: list[dict]) -> str:
    """One block per rule: id, impact, help, and for each failing element its selector and HTML."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, exclude: tuple[str, ...] = ()) -> None:
    violations = axe_violations(page, exclude)
    report = format_violations(violations)
    assert not violations, f"axe found WCAG 2.1 A/AA violations on {page.url}:\n{report}"
