"""Our templates in overrides/ are the ones the theme renders.

MkDocs looks a template up in `theme.custom_dir` first, then in the theme. A plugin can put a
folder of its own before ours (mkdocs-static-i18n does for its sitemap when it does not see
ours); one of our templates would then be left unused, and the build would not say so.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound

from helpcenter.problems import Problem


def template_names(custom_dir: Path) -> list[str]:
    """Every template under custom_dir, as the theme names it ("partials/header.html")."""
    return sorted(
        path.relative_to(custom_dir).as_posix()
        for path in custom_dir.rglob("*")
        if path.suffix in (".html", ".xml") and path.is_file()
    )


def shadowed_overrides(env: Environment, custom_dir: Path, project: Path) -> list[Problem]:
    """A problem for each of our templates that the environment finds somewhere else first."""
    custom_dir = custom_dir.resolve()
    problems = []
    for name in template_names(custom_dir):
        try:
            found = env.get_template(name).filename
        except TemplateNotFound:
            found = None
        except TemplateError:  # a template that does not compile: MkDocs reports it
            continue
        if found is not None and Path(found).resolve().is_relative_to(custom_dir):
            continue
        shown = _shown(Path(found), project) if found else "nowhere"
        problems.append(
            Problem(
                "mkdocs.yml",
                0,
                f"the theme renders {name} from {shown}, not from "
                f"{_shown(custom_dir / name, project)}: a plugin put its own templates "
                "before theme.custom_dir, so ours is left unused",
                "find the plugin whose folder that is (after an upgrade?) and pin its earlier "
                "version in requirements.txt, or carry our template over to what it expects",
            )
        )
    return problems


def _shown(path: Path, project: Path) -> str:
    """A path as the writer finds it: under the project relative to it, else whole."""
    path = path.resolve()
    return (
        path.relative_to(project.resolve()).as_posix()
        if path.is_relative_to(project)
        else str(path)
    )
