"""The Help Center's addresses: one base address in mkdocs.yml, the standard paths derived.

Multivende's Help Center is a Zendesk Help Center whose address the source does not give, so
it is one setting, `extra.help_center_url` (empty until confirmed). The request form, the
list of requests and the sign-in page follow Zendesk's documented URL scheme
(`/hc/<locale>/requests/new`, `/hc/<locale>/requests`, `/hc/<locale>/signin`); any of them
can be set on its own in `extra.external_urls`, which wins. The wizard's results, the
articles' `ext:` links and the site header all read them from `help_center_addresses`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpcenter.problems import NOTICE, Problem

# ----------------------------------------------------------------------------
# Addresses
# ----------------------------------------------------------------------------


def help_center_addresses(extra: Mapping[str, Any], language: str) -> dict[str, str]:
    """The Help Center's addresses for one language, by `ext:` key ("" while unknown).

    `extra` is mkdocs.yml's `extra:`; an address set in `extra.external_urls` wins over the
    one derived from `extra.help_center_url`.
    """
    base = _text(extra.get("help_center_url")).rstrip("/")
    locales = extra.get("help_center_locales")
    locale = _text(locales.get(language)) if isinstance(locales, Mapping) else ""
    locale = locale or language
    derived = {
        key: f"{base}{path.format(locale=locale)}" if base else "" for key, path in PATHS.items()
    }
    overrides = extra.get("external_urls")
    if isinstance(overrides, Mapping):
        for key in PATHS:
            if _text(overrides.get(key)):
                derived[key] = _text(overrides[key])
    return derived


def site_addresses(extra: Mapping[str, Any], language: str) -> dict[str, str]:
    """Every `ext:` address of the site in one language: `extra.external_urls` and the
    Help Center's."""
    overrides = extra.get("external_urls")
    urls = (
        {str(k): _text(v) for k, v in overrides.items()} if isinstance(overrides, Mapping) else {}
    )
    return {**urls, **help_center_addresses(extra, language)}


def missing_address_notice(
    extra: Mapping[str, Any], languages: tuple[str, ...], used: set[str]
) -> Problem | None:
    """One notice when a Help Center address the site uses (`used`: `ext:` keys) is empty."""
    missing = sorted(
        key
        for key in used & set(PATHS)
        if any(not help_center_addresses(extra, language)[key] for language in languages)
    )
    if not missing:
        return None
    return Problem(
        "mkdocs.yml",
        0,
        "the Help Center's address is not set: "
        + ", ".join(f"ext:{key}" for key in missing)
        + " are shown as plain text, not links",
        "set extra.help_center_url to the address of Multivende's Help Center (Zendesk) "
        "before publishing",
        NOTICE,
    )


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, str | int | float) and value else ""


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

SETTING = "help_center_url"
FORM = "ext:help_center_new_request"  # the request form («Enviar una solicitud»)
# `ext:` key → path under the base address (Zendesk Help Center URL scheme).
PATHS = {
    "help_center": "/hc/{locale}",
    "help_center_new_request": "/hc/{locale}/requests/new",
    "help_center_requests": "/hc/{locale}/requests",
    "help_center_signin": "/hc/{locale}/signin",
}
