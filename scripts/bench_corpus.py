"""A synthetic help center at scale: N Spanish articles, their English translations, the real site.

`make bench` measures the build, the checks, the preview and the search on a corpus this
module writes into a temporary project folder:

- the real `docs/` (home, the «Contacto» articles, the real wizard page, assets) and the real
  `data/` copied beside it, so every hook finds what it finds in the real project;
- N synthetic articles in Spanish (`x.md`) with an English translation (`x.en.md`) each, in
  20 categories; a category of more than `SECTION_SIZE` articles is split into sections
  (`docs/<categoría>/<sección>/`), as a help center grows (category → section → article);
  every folder has an index page in both languages;
- articles shaped like the real ones: front matter (title, description, last_reviewed, related,
  a few promoted), `##` headings with explicit ids identical in both languages, cross-links to
  other articles and their headings, an escalation paragraph that links the account-ID guide,
  mailto links to @multivende.com, an admonition, lists;
- `mkdocs.yml` derived from the real one as tests/conftest.py `fixture_config` does: absolute
  hook paths, `custom_dir` at the real overrides, the project's own `docs/` and `data/`.

The text is generated from sentence templates with slots (Spanish and English side by side), so
two runs with the same seed write the same corpus, and the vocabulary is wide enough for a
search index of realistic size. It is benchmark material only: never published.

    python scripts/bench_corpus.py --articles 1000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECTION_SIZE = 50  # most articles in one folder before a category is split into sections
CATEGORY_COUNT = 20
ACCOUNT_ID_GUIDE = "contacto/como-obtener-el-numero-identificador-de-tu-cuenta.md"
HELP_DESK = "contacto/como-contactar-a-la-mesa-de-ayuda.md"
PROMOTED = 6  # synthetic articles marked `promoted: true` (the home lists them)

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass
class Article:
    """One synthetic article: where it goes and what it says, in both languages."""

    path: str  # docs-relative Spanish path: "pedidos/gestion/como-x.md"
    title_es: str
    title_en: str
    description_es: str
    description_en: str
    topic: int  # index into OBJECTS: what the article is about
    promoted: bool = False
    related: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # path, id, es, en


@dataclass
class Corpus:
    """A generated project: its folder, config file and what it holds."""

    project: Path
    config_file: Path
    articles: list[Article]
    folders: list[str]  # docs-relative folders that have an index page

    @property
    def docs_dir(self) -> Path:
        return self.project / "docs"

    def article_file(self, article: Article, lang: str = "es") -> Path:
        """The Markdown file of one article in one language."""
        return self.docs_dir / _lang_path(article.path, lang)


# ----------------------------------------------------------------------------
# Writing a corpus
# ----------------------------------------------------------------------------


def generate_corpus(project: Path, articles: int, seed: int = 7) -> Corpus:
    """Write a project of `articles` articles per language into `project` (emptied first)."""
    if articles < 1:
        raise ValueError("the corpus needs at least one article")
    if project.exists():
        shutil.rmtree(project)
    rng = random.Random(seed)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data")
    plan, folders = plan_articles(articles, rng)
    for article in plan:
        for lang in ("es", "en"):
            target = project / "docs" / _lang_path(article.path, lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_article(article, lang, rng_for(seed, article)), "utf-8")
    for folder, children in folders.items():
        for lang in ("es", "en"):
            target = project / "docs" / _lang_path(f"{folder}/index.md", lang)
            target.write_text(render_index(folder, children, plan, lang), "utf-8")
    config_file = project / "mkdocs.yml"
    config = corpus_config(project, list(folders))
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return Corpus(project, config_file, plan, list(folders))


def rng_for(seed: int, article: Article) -> random.Random:
    """A generator of its own per article, so one article's text never shifts another's."""
    return random.Random(f"{seed}:{article.path}")


def plan_articles(count: int, rng: random.Random) -> tuple[list[Article], dict[str, list[str]]]:
    """Titles, paths, related articles and cross-links of `count` articles.

    Returns the articles and, for every folder that gets an index page, the docs paths of
    its children (articles or section index pages) in order.
    """
    combos = [
        (a, o, c)
        for a in range(len(ACTIONS))
        for o in range(len(OBJECTS))
        for c in range(len(CONTEXTS))
    ]
    rng.shuffle(combos)
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} distinct articles")
    categories = [CATEGORIES[i % len(CATEGORIES)] for i in range(CATEGORY_COUNT)]
    per_category = [
        count // CATEGORY_COUNT + (1 if i < count % CATEGORY_COUNT else 0)
        for i in range(CATEGORY_COUNT)
    ]
    plan: list[Article] = []
    folders: dict[str, list[str]] = {}
    taken = iter(combos)
    for (cat_slug, _, _), size in zip(categories, per_category, strict=True):
        if size == 0:
            continue
        sections = max(1, math.ceil(size / SECTION_SIZE))
        folders[cat_slug] = []
        for s in range(sections):
            in_section = size // sections + (1 if s < size % sections else 0)
            folder = cat_slug
            if sections > 1:
                folder = f"{cat_slug}/{_section_slug(s)}"
                folders[cat_slug].append(f"{folder}/index.md")
                folders[folder] = []
            for _ in range(in_section):
                action, obj, context = next(taken)
                what_es = f"{ACTIONS[action][0]} {OBJECTS[obj][0]} {CONTEXTS[context][0]}"
                what_en = f"{ACTIONS[action][1]} {OBJECTS[obj][1]} {CONTEXTS[context][1]}"
                title_es, title_en = f"¿Cómo {what_es}?", f"How do I {what_en}?"
                path = f"{folder}/{slugify(title_es)}.md"
                plan.append(
                    Article(
                        path=path,
                        title_es=title_es,
                        title_en=title_en,
                        description_es=f"Paso a paso para {what_es} desde tu cuenta.",
                        description_en=f"Step by step: {what_en} from your account.",
                        topic=obj,
                    )
                )
                folders[folder].append(path)
    for article in plan:
        others = [a for a in rng.sample(plan, min(len(plan), 6)) if a is not article]
        article.related = [other.path for other in others[:3]]
        article.links = [
            (other.path, rng.choice(LINK_TARGET_IDS), other.title_es, other.title_en)
            for other in others[3:5]
        ]
    for article in rng.sample(plan, min(PROMOTED, len(plan))):
        article.promoted = True
    return plan, folders


def corpus_config(project: Path, folders: list[str]) -> dict:
    """The real mkdocs.yml pointed at the corpus project (as tests/conftest.py fixture_config)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(project / "docs")
    config["site_dir"] = str(project / "site")
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = [
        str(project / item) if (project / item).exists() else str(ROOT / item)
        for item in config.get("watch", [])
    ]
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages", []):
                translations = language.setdefault("nav_translations", {})
                for folder in folders:
                    # MkDocs titles a folder from its name ("canales-de-venta" → "Canales de
                    # venta"); the i18n plugin translates that title in each language.
                    auto = folder.rsplit("/", 1)[-1].replace("-", " ").capitalize()
                    translations[auto] = _folder_name(folder, language.get("locale", "es"))
    return config


def without_hooks(config_file: Path) -> Path:
    """A copy of a corpus config without our hooks: what MkDocs, Material and i18n cost alone.

    Every hook mkdocs.yml lists is a feature (checks, wizard, help-center pages, search
    index); the comparison with the full build is what they cost.
    """
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"] = []
    target = config_file.with_name("mkdocs-no-hooks.yml")
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def one_language(config_file: Path, language: str = "es") -> Path:
    """A copy of a corpus config that builds `language` alone (mkdocs-static-i18n's `build:`):
    what a full build of one language costs, the bound of a structural edit's preview."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for entry in plugin["i18n"].get("languages", []):
                entry["build"] = entry.get("locale") == language
    target = config_file.with_name(f"mkdocs-{language}-only.yml")
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return target


# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------


def render_article(article: Article, lang: str, rng: random.Random) -> str:
    """The Markdown of one article in one language (same structure and ids in both)."""
    es = lang == "es"
    title = article.title_es if es else article.title_en
    here = article.path.rsplit("/", 1)[0]
    obj = OBJECTS[article.topic]
    front = {
        "title": title,
        "description": article.description_es if es else article.description_en,
        "last_reviewed": dt.date(2026, 1 + rng.randrange(11), 1 + rng.randrange(28)),
    }
    if article.promoted:
        front["promoted"] = True
    if article.related:
        front["related"] = list(article.related)
    out = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(), "---", ""]
    out += [f"# {title}", "", _paragraph(rng, lang, obj, 3), ""]
    steps = rng.randint(3, 5)
    out += [
        f"## {'Antes de empezar' if es else 'Before you start'} {{#antes-de-empezar}}",
        "",
        _paragraph(rng, lang, obj, 2),
        "",
    ]
    out += [f"- {_sentence(rng, lang, obj)}" for _ in range(rng.randint(2, 4))] + [""]
    for step in range(1, steps + 1):
        heading = rng.choice(STEP_HEADINGS)[0 if es else 1].format(obj=obj[0 if es else 1])
        label = "Paso" if es else "Step"
        out += [f"## {label} {step}: {heading} {{#paso-{step}}}", "", _paragraph(rng, lang, obj, 3)]
        out.append("")
        if step == 1:
            out += [f"{n}. {_sentence(rng, lang, obj)}" for n in range(1, rng.randint(3, 5))]
            out.append("")
        if step <= len(article.links):
            target, anchor, text_es, text_en = article.links[step - 1]
            text = text_es if es else text_en
            link = f"{_relative(here, target)}#{anchor}"
            see = "Más detalles en" if es else "More details in"
            out += [f"{see} [{text}]({link}).", ""]
        if step == 2:
            kind = rng.choice(["tip", "note", "warning"])
            out += [f"!!! {kind}", "", f"    {_sentence(rng, lang, obj)}", ""]
    out += _escalation(here, lang, rng)
    return "\n".join(out).rstrip() + "\n"


def render_index(folder: str, children: list[str], plan: list[Article], lang: str) -> str:
    """The index page of a category or section: its title and the list of what it holds."""
    es = lang == "es"
    title = _folder_name(folder, lang)
    by_path = {article.path: article for article in plan}
    description = (
        f"Artículos de ayuda de Multivende sobre {title.lower()}."
        if es
        else f"Multivende help articles about {title.lower()}."
    )
    out = ["---", f"title: {title}", f"description: {description}", "---", "", f"# {title}", ""]
    for child in children:
        rel = _relative(folder, child)
        if child in by_path:
            article = by_path[child]
            text = article.title_es if es else article.title_en
            summary = article.description_es if es else article.description_en
            out.append(f"- [{text}]({rel}): {summary}")
        else:
            out.append(f"- [{_folder_name(child.rsplit('/', 1)[0], lang)}]({rel})")
    return "\n".join(out) + "\n"


def _escalation(here: str, lang: str, rng: random.Random) -> list[str]:
    """The closing section: escalate to the Help Desk, always with the account ID (linked)."""
    guide = _relative(here, ACCOUNT_ID_GUIDE)
    desk = _relative(here, HELP_DESK)
    email = rng.choice(EMAILS)
    if lang == "es":
        return [
            "## ¿Necesitas ayuda? {#ayuda}",
            "",
            f"Si el problema continúa, escala tu solicitud a la [Mesa de Ayuda]({desk}) e "
            "incluye siempre el número identificador de tu cuenta: te explicamos cómo "
            f"obtenerlo en [¿Cómo obtener el número identificador de tu cuenta?]({guide}).",
            "",
            f"Si tu consulta es comercial, escribe a [{email}](mailto:{email}).",
            "",
        ]
    return [
        "## Need help? {#ayuda}",
        "",
        f"If the problem persists, escalate your request to the [Help Desk]({desk}) and always "
        "include your account identifier number: we explain how to get it in "
        f"[How do I get my account identifier number?]({guide}).",
        "",
        f"If your question is commercial, write to [{email}](mailto:{email}).",
        "",
    ]


def _paragraph(rng: random.Random, lang: str, obj: tuple[str, str], sentences: int) -> str:
    return " ".join(_sentence(rng, lang, obj) for _ in range(sentences))


def _sentence(rng: random.Random, lang: str, obj: tuple[str, str]) -> str:
    """One sentence from a template, its slots filled in the article's language."""
    index = 0 if lang == "es" else 1
    template = rng.choice(SENTENCES)[index]
    return template.format(
        obj=obj[index],
        other=rng.choice(OBJECTS)[index],
        place=rng.choice(PLACES)[index],
        n=rng.choice([2, 5, 10, 15, 20, 30, 50, 100, 200, 500, 1000]),
        field=rng.choice(FIELDS)[index],
    )


def _relative(from_folder: str, docs_path: str) -> str:
    return os.path.relpath(docs_path, from_folder).replace(os.sep, "/")


def _lang_path(path: str, lang: str) -> str:
    return path if lang == "es" else path[: -len(".md")] + ".en.md"


def _folder_name(folder: str, lang: str) -> str:
    """Title of a category or section folder: "despachos/configurar-2" → "Configurar"."""
    slug = re.sub(r"-\d+$", "", folder.rsplit("/", 1)[-1])
    names = {slug: (es, en) for slug, es, en in CATEGORIES + SECTIONS}
    return names[slug][0 if lang == "es" else 1]


def _section_slug(index: int) -> str:
    slug = SECTIONS[index % len(SECTIONS)][0]
    return slug if index < len(SECTIONS) else f"{slug}-{index // len(SECTIONS) + 1}"


def slugify(text: str) -> str:
    """Kebab-case ASCII slug of a title: "¿Cómo emitir…?" → "como-emitir-…"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="articles per language")
    parser.add_argument("--out", type=Path, required=True, help="project folder (emptied)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    corpus = generate_corpus(args.out, args.articles, args.seed)
    print(f"{len(corpus.articles)} articles per language in {corpus.project}")
    print(f"config: {corpus.config_file}")
    return 0


# ----------------------------------------------------------------------------
# Data: the building blocks of the synthetic text (Spanish, English)
# ----------------------------------------------------------------------------

CATEGORIES = [  # (folder, Spanish title, English title)
    ("productos", "Productos", "Products"),
    ("inventario", "Inventario", "Inventory"),
    ("precios", "Precios", "Prices"),
    ("pedidos", "Pedidos", "Orders"),
    ("despachos", "Despachos", "Shipping"),
    ("facturacion", "Facturación", "Invoicing"),
    ("canales-de-venta", "Canales de venta", "Sales channels"),
    ("catalogo", "Catálogo", "Catalog"),
    ("bodegas", "Bodegas", "Warehouses"),
    ("devoluciones", "Devoluciones", "Returns"),
    ("usuarios", "Usuarios y permisos", "Users and permissions"),
    ("reportes", "Reportes", "Reports"),
    ("integraciones", "Integraciones", "Integrations"),
    ("api", "API", "API"),
    ("notificaciones", "Notificaciones", "Notifications"),
    ("mensajes", "Mensajes y preguntas", "Messages and questions"),
    ("plan", "Plan y suscripción", "Plan and subscription"),
    ("seguridad", "Seguridad", "Security"),
    ("primeros-pasos", "Primeros pasos", "Getting started"),
    ("configuracion", "Configuración", "Settings"),
]

SECTIONS = [  # sections of a large category: (folder, Spanish title, English title)
    ("conceptos", "Conceptos", "Concepts"),
    ("configurar", "Configurar", "Set up"),
    ("gestionar", "Gestionar", "Manage"),
    ("automatizar", "Automatizar", "Automate"),
    ("resolver-problemas", "Resolver problemas", "Troubleshooting"),
    ("preguntas-frecuentes", "Preguntas frecuentes", "FAQ"),
    ("avanzado", "Avanzado", "Advanced"),
    ("referencia", "Referencia", "Reference"),
]

ACTIONS = [
    ("crear", "create"),
    ("editar", "edit"),
    ("eliminar", "delete"),
    ("importar", "import"),
    ("exportar", "export"),
    ("sincronizar", "synchronize"),
    ("publicar", "publish"),
    ("pausar", "pause"),
    ("revisar", "review"),
    ("configurar", "configure"),
    ("asignar", "assign"),
    ("actualizar", "update"),
    ("filtrar", "filter"),
    ("descargar", "download"),
    ("vincular", "link"),
    ("duplicar", "duplicate"),
    ("programar", "schedule"),
    ("validar", "validate"),
    ("agrupar", "group"),
    ("restaurar", "restore"),
]

OBJECTS = [
    ("los productos", "products"),
    ("las variantes", "variants"),
    ("el stock", "stock"),
    ("las listas de precios", "price lists"),
    ("los pedidos", "orders"),
    ("las etiquetas de despacho", "shipping labels"),
    ("las boletas", "receipts"),
    ("las facturas electrónicas", "electronic invoices"),
    ("las notas de crédito", "credit notes"),
    ("las bodegas", "warehouses"),
    ("las devoluciones", "returns"),
    ("los usuarios", "users"),
    ("los permisos", "permissions"),
    ("los reportes de ventas", "sales reports"),
    ("las imágenes", "images"),
    ("los atributos", "attributes"),
    ("las categorías del catálogo", "catalog categories"),
    ("las publicaciones", "listings"),
    ("las promociones", "promotions"),
    ("los webhooks", "webhooks"),
    ("las credenciales de la API", "API credentials"),
    ("las notificaciones", "notifications"),
    ("las preguntas de compradores", "buyer questions"),
    ("los mensajes postventa", "after-sale messages"),
    ("los códigos SKU", "SKU codes"),
    ("los kits de productos", "product bundles"),
    ("las reglas de asignación", "assignment rules"),
    ("los couriers", "couriers"),
    ("las tarifas de envío", "shipping rates"),
    ("los documentos tributarios", "tax documents"),
]

CONTEXTS = [
    ("en Multivende", "in Multivende"),
    ("de forma masiva", "in bulk"),
    ("desde una planilla", "from a spreadsheet"),
    ("en un canal de venta", "in a sales channel"),
    ("en varias bodegas", "across warehouses"),
    ("con la API", "with the API"),
    ("por canal", "per channel"),
]

PLACES = [
    ("el menú principal", "the main menu"),
    ("la sección Configuración", "the Settings section"),
    ("el panel de control", "the dashboard"),
    ("la ficha del producto", "the product page"),
    ("el detalle del pedido", "the order details"),
    ("la pestaña Integraciones", "the Integrations tab"),
    ("el listado de bodegas", "the warehouse list"),
    ("la sección Reportes", "the Reports section"),
]

FIELDS = [
    ("Nombre", "Name"),
    ("Código SKU", "SKU code"),
    ("Precio de lista", "List price"),
    ("Stock disponible", "Available stock"),
    ("Bodega de origen", "Source warehouse"),
    ("Estado", "Status"),
    ("Fecha de creación", "Creation date"),
    ("Canal", "Channel"),
    ("Tipo de documento", "Document type"),
    ("Peso", "Weight"),
]

STEP_HEADINGS = [
    ("Ingresa a {obj}", "Open {obj}"),
    ("Revisa la configuración", "Check the settings"),
    ("Completa los campos", "Fill in the fields"),
    ("Guarda los cambios", "Save the changes"),
    ("Confirma el resultado", "Confirm the result"),
    ("Elige el canal", "Choose the channel"),
    ("Selecciona {obj}", "Select {obj}"),
    ("Carga la planilla", "Upload the spreadsheet"),
]

LINK_TARGET_IDS = ["antes-de-empezar", "paso-1", "paso-2", "paso-3", "ayuda"]

EMAILS = ["sales@multivende.com", "onboarding@multivende.com"]

SENTENCES = [
    (
        "Para gestionar {obj}, ingresa a {place} y busca la opción correspondiente.",
        "To manage {obj}, go to {place} and look for the matching option.",
    ),
    (
        "Puedes revisar {obj} en cualquier momento desde {place}.",
        "You can review {obj} at any time from {place}.",
    ),
    (
        "Si trabajas con más de {n} registros, te recomendamos hacerlo por partes.",
        "If you work with more than {n} records, we recommend doing it in batches.",
    ),
    (
        "Los cambios en {obj} se reflejan en {other} después de la siguiente sincronización.",
        "Changes to {obj} show up in {other} after the next synchronization.",
    ),
    (
        "Completa el campo «{field}» antes de guardar, ya que es obligatorio.",
        "Fill in the «{field}» field before saving, as it is required.",
    ),
    (
        "Verifica que {other} estén configurados correctamente antes de continuar.",
        "Check that {other} are set up correctly before you continue.",
    ),
    (
        "En {place} verás el estado de cada operación y la fecha de su última actualización.",
        "In {place} you will see the status of each operation and when it was last updated.",
    ),
    (
        "Multivende procesa hasta {n} elementos por carga, en el orden en que los envías.",
        "Multivende processes up to {n} items per upload, in the order you send them.",
    ),
    (
        "Si un canal de venta rechaza {obj}, revisa el mensaje de error que aparece en {place}.",
        "If a sales channel rejects {obj}, check the error message shown in {place}.",
    ),
    (
        "Usa los filtros por «{field}» para encontrar rápidamente lo que buscas.",
        "Use the «{field}» filters to quickly find what you are looking for.",
    ),
    (
        "Al descargar la planilla, conserva el formato de cada columna para evitar errores.",
        "When you download the spreadsheet, keep each column's format to avoid errors.",
    ),
    (
        "Cada cambio en {obj} queda registrado en el historial de la cuenta.",
        "Every change to {obj} is recorded in the account history.",
    ),
    (
        "Los usuarios sin permisos de administración no pueden modificar {obj}.",
        "Users without admin permissions cannot change {obj}.",
    ),
    (
        "Te sugerimos probar primero con {n} elementos y revisar el resultado.",
        "We suggest trying first with {n} items and checking the result.",
    ),
    (
        "Cuando termines, haz clic en «Guardar» para aplicar los cambios a {obj}.",
        "When you are done, click «Save» to apply the changes to {obj}.",
    ),
    (
        "La columna «{field}» admite solo valores que existan en {other}.",
        "The «{field}» column only accepts values that exist in {other}.",
    ),
    (
        "Si eliminas {obj} por error, puedes restaurarlos durante los siguientes {n} días.",
        "If you delete {obj} by mistake, you can restore them within the next {n} days.",
    ),
    (
        "Las integraciones actualizan {obj} automáticamente cada {n} minutos.",
        "Integrations update {obj} automatically every {n} minutes.",
    ),
    (
        "Para ver el detalle, abre {place} y selecciona el registro que quieres revisar.",
        "To see the details, open {place} and select the record you want to check.",
    ),
    (
        "Recuerda que {obj} dependen de {other}, por lo que conviene revisarlos juntos.",
        "Keep in mind that {obj} depend on {other}, so it is best to review them together.",
    ),
]


if __name__ == "__main__":
    raise SystemExit(main())
