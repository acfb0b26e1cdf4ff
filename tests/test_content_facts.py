"""Every fact of the source articles (category "Contacto") is on the built site.

The source is the seed file of five Spanish help articles. A fact is what a customer relies
on, not a sentence: the addresses, the names of the teams, the labels of buttons, options,
categories and form fields, the ticket states, and which rule goes with which (the e-mail to
escalate to goes with the ticket number, the account ID is copied from the URL). Each fact is
a few terms that must stand together in one block of the page's article (a paragraph, a list
item, a heading or a table cell), case-insensitive; a procedure's labels must come in the
source's order. Copy edits around the terms do not break these tests; losing a fact does.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

MESA = "contacto/como-contactar-a-la-mesa-de-ayuda"
ONBOARDING = "contacto/como-contactar-al-equipo-de-onboarding"
COMERCIAL = "contacto/como-contactar-al-equipo-comercial"
PORTAL = "contacto/seguimiento-de-solicitudes-en-el-portal-de-tickets"
ESCALAMIENTO = "contacto/escalamiento-correcto-de-solicitudes"
CUENTA = "contacto/como-obtener-el-numero-identificador-de-tu-cuenta"
API = "contacto/como-crear-un-ticket-para-el-equipo-de-api"
SESION = "contacto/como-iniciar-sesion-en-el-help-center"
WIZARD = "contacto/con-que-equipo-debo-contactar"
CATEGORY = "contacto"
HOME = ""

ARTICLES = [MESA, ONBOARDING, COMERCIAL, PORTAL, ESCALAMIENTO, CUENTA, API, SESION]
ALL_PAGES = [HOME, CATEGORY, WIZARD, *ARTICLES]

ACCOUNT_ID_EXAMPLE = "bf03e4e6-xxxx-xxxx-xxxx-xxxxxxxxxxxx"

# (page, terms that stand together in one block of its article), from the source.
FACTS: list[tuple[str, tuple[str, ...]]] = [
    # ¿Cómo contactar a la Mesa de Ayuda?: two channels, the labels, the form's fields
    (MESA, ("Mesa de Ayuda", "onboarding")),  # the Help Desk is for after onboarding
    (MESA, ("Iniciar sesión", "superior derecha")),
    (MESA, ("Help Center", "Enviar una solicitud")),
    (MESA, ("Crear ticket de ayuda", "menú principal")),
    (MESA, ("Necesito crear un ticket de ayuda",)),
    (MESA, ("Asunto",)),
    (MESA, ("¿Qué problema necesitas solucionar?", "obligatorios")),
    (MESA, ("Descripción", "error")),
    (MESA, ("Archivos adjuntos", "capturas de pantalla", "logs")),
    (MESA, ("Enviar", "ticket")),
    # ¿Cómo contactar al Equipo de Onboarding?
    (ONBOARDING, ("implementador",)),
    (ONBOARDING, ("onboarding@multivende.com",)),
    (ONBOARDING, ("número de ticket", "Detalles de la solicitud")),
    (ONBOARDING, ("gabriela@multivende.com", "escalar")),
    (ONBOARDING, ("número de ticket",)),
    # ¿Cómo contactar al Equipo Comercial?
    (COMERCIAL, ("sales@multivende.com", "número identificador")),
    (COMERCIAL, ("prestaciones", "plan")),
    (COMERCIAL, ("derivación comercial", "socio", "canal de venta")),
    # Seguimiento de solicitudes en el portal de tickets
    (PORTAL, ("perfil", "superior derecha", "Solicitudes")),
    (PORTAL, ("iniciado sesión", "Solicitudes")),
    (PORTAL, ("Abierto",)),
    (PORTAL, ("Esperando su respuesta",)),
    (PORTAL, ("Resuelto",)),
    (PORTAL, ("asignada", "agente")),  # only an assigned request can be marked resolved
    (PORTAL, ("Agregar respuesta",)),
    # Escalamiento correcto: one team per situation, and the account ID always
    (ESCALAMIENTO, ("Equipo de Onboarding",)),
    (ESCALAMIENTO, ("número de ticket",)),
    (ESCALAMIENTO, ("desarrollador", "Equipo de API")),
    (ESCALAMIENTO, ("Equipo Comercial",)),
    (ESCALAMIENTO, ("número identificador de tu cuenta",)),
    (ESCALAMIENTO, ("superior derecha", "Editar")),
    (ESCALAMIENTO, ("Número identificador de la cuenta", "URL")),
    (ESCALAMIENTO, (ACCOUNT_ID_EXAMPLE,)),
    # ¿Cómo obtener el número identificador de tu cuenta?
    (CUENTA, ("superior derecha", "Editar")),
    (CUENTA, ("Número identificador de la cuenta", "URL")),
    (CUENTA, (ACCOUNT_ID_EXAMPLE,)),
    # ¿Cómo crear un ticket para el Equipo de Integraciones vía API?
    (API, ("Integraciones vía API",)),
    (API, ("número identificador de tu cuenta",)),
    # ¿Cómo iniciar sesión en el Help Center?
    (SESION, ("Iniciar sesión", "superior derecha")),
    (SESION, ("Solicitudes",)),
    (SESION, ("Enviar una solicitud",)),
]

# (page, terms in the order the source's procedure gives them)
ORDERS: list[tuple[str, tuple[str, ...]]] = [
    (MESA, ("Iniciar sesión", "Necesito crear un ticket de ayuda", "Asunto", "Archivos adjuntos")),
    (MESA, ("Asunto", "¿Qué problema necesitas solucionar?", "Descripción", "Archivos adjuntos")),
    (ONBOARDING, ("implementador", "catálogo", "canales de venta", "sincronización")),
    (ONBOARDING, ("onboarding@multivende.com", "gabriela@multivende.com")),
    (PORTAL, ("Abierto", "Esperando su respuesta", "Resuelto")),
    (PORTAL, ("Solicitudes", "Agregar respuesta")),
    (CUENTA, ("Editar", "Número identificador de la cuenta")),
    # one team per situation, in the source's order; a non-developer's API request goes
    # through the implementer or the Help Desk; the account ID comes last
    (ESCALAMIENTO, ("Equipo de Onboarding", "Mesa de Ayuda", "Equipo de API", "Equipo Comercial")),
    (ESCALAMIENTO, ("Equipo de API", "implementador", "Mesa de Ayuda", "número identificador")),
    (API, ("Integraciones vía API", "implementador", "Mesa de Ayuda")),
]

# Pages that link to another page: (page, target page) in both languages.
LINKS: list[tuple[str, str]] = [
    (MESA, PORTAL),
    (COMERCIAL, CUENTA),
    (PORTAL, MESA),
    (PORTAL, API),
    (PORTAL, SESION),
    (ESCALAMIENTO, ONBOARDING),
    (ESCALAMIENTO, MESA),
    (ESCALAMIENTO, API),
    (ESCALAMIENTO, COMERCIAL),
    (ESCALAMIENTO, CUENTA),
    (ESCALAMIENTO, WIZARD),
    (API, CUENTA),
    (API, ESCALAMIENTO),
    (API, PORTAL),
    (WIZARD, ESCALAMIENTO),
    (HOME, WIZARD),
    (HOME, CATEGORY),
    (CATEGORY, MESA),
    (CATEGORY, ONBOARDING),
    (CATEGORY, COMERCIAL),
    (CATEGORY, PORTAL),
    (CATEGORY, ESCALAMIENTO),
]

MAILTO: list[tuple[str, str]] = [
    (ONBOARDING, "onboarding@multivende.com"),
    (ONBOARDING, "gabriela@multivende.com"),
    (COMERCIAL, "sales@multivende.com"),
]


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "pre"}
BLOCKS |= {"blockquote", "div", "details", "summary", "figcaption", "legend", "label"}


class _ArticleText(HTMLParser):
    """Collects the text, its blocks and the links inside the page's <article> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.blocks: list[list[str]] = [[]]
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("script", "style"):
            self.skip += 1
        elif self.depth and tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)
        self._boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("script", "style") and self.skip:
            self.skip -= 1
        self._boundary(tag)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)
            self.blocks[-1].append(data)

    def _boundary(self, tag: str) -> None:
        if self.depth:
            self.parts.append(" ")
            if tag in BLOCKS:
                self.blocks.append([])
            else:
                self.blocks[-1].append(" ")


def _normalise(text: str) -> str:
    text = html.unescape(text)
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u00ab", '"')
    text = text.replace("\u00bb", '"').replace("\u2019", "'").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    # No space before punctuation left over by stripped inline tags.
    text = re.sub(r"\s+([:;,.)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    return text.casefold()


def _page_file(site: Path, slug: str, lang: str = "es") -> Path:
    base = site / "en" if lang == "en" else site
    return (base / slug / "index.html") if slug else base / "index.html"


@functools.cache
def _parse(site: Path, slug: str, lang: str = "es") -> _ArticleText:
    path = _page_file(site, slug, lang)
    assert path.is_file(), f"{path} was not built"
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(site: Path, slug: str, lang: str = "es") -> str:
    return _normalise("".join(_parse(site, slug, lang).parts))


def _blocks(site: Path, slug: str, lang: str = "es") -> list[str]:
    """The article's blocks (paragraphs, list items, headings, cells …), normalised."""
    found = (_normalise("".join(block)) for block in _parse(site, slug, lang).blocks)
    return [block for block in found if block]


def _resolves_to(href: str, page: str, target: str) -> bool:
    """True when href, found on `page`, points at the directory URL of `target`."""
    href = href.split("#", 1)[0]
    if not href or "://" in href or ":" in href.split("/", 1)[0]:
        return False
    base = Path("/" + page) if page else Path("/")
    parts: list[str] = [p for p in base.parts[1:]]
    for piece in href.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != "index.html":
            parts.append(piece)
    return "/".join(parts) == target


@pytest.mark.parametrize(
    ("slug", "terms"), FACTS, ids=[f"{s.split('/')[-1]}:{'+'.join(f)[:40]}" for s, f in FACTS]
)
def test_fact_on_spanish_page(real_site: Path, slug: str, terms: tuple[str, ...]) -> None:
    wanted = [_normalise(term) for term in terms]
    blocks = _blocks(real_site, slug)
    assert any(all(term in block for term in wanted) for block in blocks), (
        f"no block of /{slug} has {' + '.join(terms)}"
    )


@pytest.mark.parametrize(("slug", "terms"), ORDERS)
def test_procedure_in_the_source_order(real_site: Path, slug: str, terms: tuple[str, ...]) -> None:
    text, at = _text(real_site, slug), 0
    for term in terms:
        found = text.find(_normalise(term), at)
        assert found >= 0, f"/{slug}: {term!r} missing, or not after {text[:at][-60:]!r}"
        at = found + len(term)


@pytest.mark.parametrize(("slug", "address"), MAILTO)
def test_email_is_a_mailto_link(real_site: Path, slug: str, address: str) -> None:
    for lang in ("es", "en"):
        hrefs = _parse(real_site, slug, lang).hrefs
        assert f"mailto:{address}" in hrefs, f"{address} is not a mailto link on {lang} /{slug}"


@pytest.mark.parametrize(("page", "target"), LINKS)
def test_page_links_to_target(real_site: Path, page: str, target: str) -> None:
    for lang in ("es", "en"):
        hrefs = _parse(real_site, page, lang).hrefs
        assert any(_resolves_to(h, page, target) for h in hrefs), (
            f"{lang} /{page} does not link to /{target}"
        )


@pytest.mark.parametrize("slug", ALL_PAGES, ids=[s or "home" for s in ALL_PAGES])
def test_page_exists_in_both_languages(real_site: Path, slug: str) -> None:
    es_file = _page_file(real_site, slug, "es")
    en_file = _page_file(real_site, slug, "en")
    assert es_file.is_file(), f"Spanish page /{slug} was not built"
    assert en_file.is_file(), f"English page /en/{slug} was not built"
    es_html = es_file.read_text(encoding="utf-8")
    en_html = en_file.read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\blang=\"es\"", es_html), f"/{slug} is not lang=es"
    assert re.search(r"<html[^>]*\blang=\"en\"", en_html), f"/en/{slug} is not lang=en"
    es_text, en_text = _text(real_site, slug, "es"), _text(real_site, slug, "en")
    assert en_text, f"/en/{slug} has no article text"
    assert en_text != es_text, f"/en/{slug} is the Spanish text, not a translation"


def test_account_id_example_in_both_languages(real_site: Path) -> None:
    for slug in (CUENTA, ESCALAMIENTO):
        for lang in ("es", "en"):
            assert ACCOUNT_ID_EXAMPLE in _text(real_site, slug, lang)
