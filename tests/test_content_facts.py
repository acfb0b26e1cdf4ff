"""Every fact of the source articles (category "Contacto") appears on the built site.

The source is the seed file of five Spanish help articles; each fact below is
checked on the Spanish page that carries it. The facts are matched in the text
of the page's article (tags stripped, entities decoded, case-insensitive,
whitespace normalised), so navigation, header and footer do not count.
"""

from __future__ import annotations

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

FACTS: list[tuple[str, str]] = [
    # ¿Cómo contactar a la Mesa de Ayuda?
    (MESA, "dos canales"),
    (MESA, "una vez que tu proceso de onboarding ha finalizado"),
    (MESA, "Paso 1: Accede al Help Center"),
    (MESA, '"Iniciar sesión", en la esquina superior derecha de la página'),
    (MESA, 'la opción "Enviar una solicitud"'),
    (MESA, '"Crear ticket de ayuda" en el menú principal'),
    (MESA, "Paso 2: Selecciona la categoría correcta"),
    (MESA, 'la categoría "Necesito crear un ticket de ayuda"'),
    (MESA, "Paso 3: Completa el formulario del ticket"),
    (MESA, "la mayor cantidad de información posible"),
    (MESA, "Asunto:"),
    (MESA, "¿Qué problema necesitas solucionar?:"),
    (MESA, "se mostrarán otros campos obligatorios"),
    (MESA, "Descripción:"),
    (MESA, "Incluye cualquier error o mensaje que hayas recibido"),
    (MESA, "Archivos adjuntos:"),
    (MESA, "capturas de pantalla, registros (logs) de errores"),
    (MESA, 'el botón "Enviar" para crear el ticket'),
    (MESA, "Paso 4: Haz seguimiento en el portal de tickets"),
    (MESA, "Seguimiento de solicitudes en el portal de tickets del centro de ayuda"),
    # ¿Cómo contactar al Equipo de Onboarding?
    (ONBOARDING, "definas comercialmente qué canales incorporarás en tu plan"),
    (ONBOARDING, "se te asignará un implementador"),
    (ONBOARDING, "la creación o importación de tu catálogo"),
    (ONBOARDING, "la conexión y la configuración de tus canales de venta contratados"),
    (ONBOARDING, "la sincronización de tus productos"),
    (ONBOARDING, "onboarding@multivende.com"),
    (ONBOARDING, "mensaje automático"),
    (ONBOARDING, 'el número de ticket disponible en los "Detalles de la solicitud"'),
    (ONBOARDING, "Si no recibes respuesta en un tiempo adecuado"),
    (ONBOARDING, "escalar tu solicitud a gabriela@multivende.com"),
    (ONBOARDING, "incluir en el correo el número de ticket"),
    # ¿Cómo contactar al Equipo Comercial?
    (COMERCIAL, "sales@multivende.com"),
    (COMERCIAL, "Aumentar o disminuir las prestaciones de tu plan contratado"),
    (COMERCIAL, "derivación comercial con algún socio o canal de venta"),
    (COMERCIAL, "Incluye información específica sobre tu petición"),
    (COMERCIAL, "el número identificador de tu cuenta"),
    (COMERCIAL, "¿Cómo obtener el número identificador de tu cuenta?"),
    # Seguimiento de solicitudes en el portal de tickets del centro de ayuda
    (PORTAL, "¿Qué aprenderás en este artículo?"),
    (PORTAL, "Enviar una solicitud a nuestro equipo"),
    (PORTAL, "¿Cómo contactar a la Mesa de Ayuda?"),
    (PORTAL, "¿Cómo crear un ticket para contactar al Equipo de Integraciones vía API?"),
    (PORTAL, "Hacer seguimiento de tus solicitudes"),
    (PORTAL, "el ícono de tu perfil, en la esquina superior derecha de cualquier página"),
    (PORTAL, 'haz clic en "Solicitudes"'),
    (PORTAL, 'Debes haber iniciado sesión para ver la página "Solicitudes"'),
    (PORTAL, "¿Cómo iniciar sesión en el Help Center?"),
    (PORTAL, "conocer el estado de las solicitudes"),
    (PORTAL, "número de solicitud"),
    (PORTAL, "revisar el seguimiento de tus tickets"),
    (PORTAL, "Abierto: nuestro equipo de soporte está trabajando para resolver la solicitud"),
    (PORTAL, "Esperando su respuesta: el equipo de soporte está esperando una respuesta"),
    (PORTAL, "del usuario que creó el ticket"),
    (PORTAL, "Resuelto: la solicitud se resolvió"),
    (PORTAL, "Marcar una solicitud como resuelta"),
    (PORTAL, "Puedes retirar una solicitud marcándola como resuelta"),
    (PORTAL, "primero debe haber sido asignada a un agente"),
    (PORTAL, "Haz clic en el título de una solicitud abierta para abrirla"),
    (PORTAL, "Desplázate hasta el final del ticket"),
    (PORTAL, 'haz clic en "Agregar respuesta"'),
    (PORTAL, "no tendrás la opción de marcarla como resuelta"),
    # Escalamiento correcto para tus solicitudes en Multivende
    (ESCALAMIENTO, "¿Con qué equipo debo contactar?"),
    (ESCALAMIENTO, "canales diferenciados"),
    (ESCALAMIENTO, "Si estás en tu proceso de onboarding"),
    (ESCALAMIENTO, "todas tus dudas y consultas a nuestro Equipo de Onboarding"),
    (ESCALAMIENTO, "que usarás para comunicarte directamente con el implementador"),
    (ESCALAMIENTO, "Si ya finalizaste tu proceso de onboarding"),
    (ESCALAMIENTO, "tendrás a tu disposición la Mesa de Ayuda"),
    (ESCALAMIENTO, "recibirás un número de ticket que deberás usar para hacer tu consulta"),
    (ESCALAMIENTO, "Si eres un usuario desarrollador"),
    (ESCALAMIENTO, "dudas puntuales que cumplen con los requisitos para ser escaladas"),
    (ESCALAMIENTO, "debes comunicarte con nuestro Equipo de API"),
    (ESCALAMIENTO, "Si no eres desarrollador y tu petición requiere ser escalada"),
    (ESCALAMIENTO, "tu implementador a cargo (del Equipo de Onboarding)"),
    (ESCALAMIENTO, "si aún no has terminado tu proceso de onboarding"),
    (ESCALAMIENTO, "la Mesa de Ayuda, si ya lo terminaste"),
    (ESCALAMIENTO, "Ellos se encargarán de escalar tu solicitud"),
    (ESCALAMIENTO, "Si tu solicitud es comercial"),
    (ESCALAMIENTO, "aumentar o disminuir tus prestaciones contratadas"),
    (ESCALAMIENTO, "derivación comercial con algún socio o canal de venta"),
    (ESCALAMIENTO, "comunicarte directamente con nuestro Equipo Comercial"),
    (ESCALAMIENTO, "Información indispensable para escalar tus solicitudes"),
    (ESCALAMIENTO, "debes incluir siempre el número identificador de tu cuenta"),
    (ESCALAMIENTO, "la información de tu usuario, en la esquina superior derecha de tu pantalla"),
    (ESCALAMIENTO, 'haz clic en "Editar"'),
    (ESCALAMIENTO, '"Número identificador de la cuenta" que aparece en la URL'),
    (ESCALAMIENTO, ACCOUNT_ID_EXAMPLE),
    # ¿Cómo obtener el número identificador de tu cuenta?
    (CUENTA, "debes incluir siempre el número identificador de tu cuenta"),
    (CUENTA, "Ingresa a tu cuenta de Multivende"),
    (CUENTA, "la información de tu usuario, en la esquina superior derecha de tu pantalla"),
    (CUENTA, 'haz clic en "Editar"'),
    (CUENTA, '"Número identificador de la cuenta" que aparece en la URL'),
    (CUENTA, "inclúyelo en tu solicitud"),
    (CUENTA, ACCOUNT_ID_EXAMPLE),
    # ¿Cómo crear un ticket para contactar al Equipo de Integraciones vía API?
    (API, "Equipo de Integraciones vía API"),
    (API, "dudas puntuales que cumplen con los requisitos para ser escaladas"),
    (API, "el número identificador de tu cuenta"),
    (API, "tu implementador a cargo (del Equipo de Onboarding)"),
    (API, "la Mesa de Ayuda, si ya lo terminaste"),
    (API, "Ellos se encargarán de escalar tu solicitud"),
    # ¿Cómo iniciar sesión en el Help Center?
    (SESION, '"Iniciar sesión", en la esquina superior derecha de la página'),
    (SESION, 'la página "Solicitudes"'),
    (SESION, 'la opción "Enviar una solicitud"'),
    # Home page, category page and wizard page.
    (HOME, "¿Con qué equipo debo contactar?"),
    (HOME, "Contacto"),
    (CATEGORY, "¿Cómo contactar a la Mesa de Ayuda?"),
    (CATEGORY, "¿Cómo contactar al Equipo de Onboarding?"),
    (CATEGORY, "¿Cómo contactar al Equipo Comercial?"),
    (CATEGORY, "Seguimiento de solicitudes en el portal de tickets del centro de ayuda"),
    (CATEGORY, "Escalamiento correcto para tus solicitudes en Multivende"),
    (WIZARD, "Escalamiento correcto para tus solicitudes en Multivende"),
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
]

MAILTO: list[tuple[str, str]] = [
    (ONBOARDING, "onboarding@multivende.com"),
    (ONBOARDING, "gabriela@multivende.com"),
    (COMERCIAL, "sales@multivende.com"),
]


class _ArticleText(HTMLParser):
    """Collects the text and the links inside the page's <article> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
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
        if self.depth:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.depth:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


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


def _parse(site: Path, slug: str, lang: str = "es") -> _ArticleText:
    path = _page_file(site, slug, lang)
    assert path.is_file(), f"{path} was not built"
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(site: Path, slug: str, lang: str = "es") -> str:
    return _normalise("".join(_parse(site, slug, lang).parts))


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


@pytest.mark.parametrize(("slug", "fact"), FACTS, ids=[f"{s or 'home'}:{f[:40]}" for s, f in FACTS])
def test_fact_on_spanish_page(real_site: Path, slug: str, fact: str) -> None:
    assert _normalise(fact) in _text(real_site, slug), f"{fact!r} is missing from /{slug}"


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
