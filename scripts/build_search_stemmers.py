"""Write the browser's Snowball stemmers from the installed Python ones, so both stem alike.

The site's search stems words at build time in Python (`snowballstemmer`) and at query time in
the browser. Both must give the same stems for every word, so the browser's stemmers are not an
older port: this script translates the Python code that Snowball generated for each language
(`snowballstemmer/<language>_stemmer.py`, plain and regular) into JavaScript, statement by
statement, and writes `docs/assets/javascripts/search/snowball-stemmers.js`. The runtime the
stemmers call (`BaseStemmer`, `Among`) is hand-written beside it in `snowball-base.js`.

    .venv/bin/python scripts/build_search_stemmers.py           # rewrite the file
    .venv/bin/python scripts/build_search_stemmers.py --check   # exit 1 if it is out of date

`tests/test_search_text.py` checks that the file is up to date with the installed
`snowballstemmer` and that Chromium gives the same stems as Python.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import json
import sys
from pathlib import Path

import snowballstemmer

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs/assets/javascripts/search/snowball-stemmers.js"

# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the generated stemmers file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(
                f"{OUTPUT.relative_to(ROOT)}: out of date with snowballstemmer "
                f"{_version()} — run `.venv/bin/python scripts/build_search_stemmers.py`",
                file=sys.stderr,
            )
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} from snowballstemmer {_version()}")
    return 0


# ----------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------


def generate() -> str:
    """The whole JavaScript file: one class per language, registered on `self`."""
    parts = [HEADER.format(version=_version())]
    for module in LANGUAGES.values():
        source = Path(snowballstemmer.__file__).with_name(f"{module}.py").read_text("utf-8")
        parts.append(translate_module(source))
        parts.append("")
    registry = ", ".join(f"{json.dumps(code)}: {_class_name(m)}" for code, m in LANGUAGES.items())
    parts.append(f"  root.SnowballStemmers = {{ {registry} }};")
    parts.append(f"  root.SnowballStemmers.version = {json.dumps(_version())};")
    parts.append("})(typeof self !== 'undefined' ? self : this);")
    return "\n".join(parts) + "\n"


def translate_module(source: str) -> str:
    """JavaScript for the one stemmer class of a generated Python module."""
    tree = ast.parse(source)
    classes = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.bases and _name(node.bases[0]) == "BaseStemmer"
    ]
    if len(classes) != 1:
        raise TranslationError("expected exactly one class derived from BaseStemmer")
    return _Translator().class_def(classes[0])


class TranslationError(Exception):
    """The generated Python uses a construct this translator does not know."""


class _Translator:
    """Statement-by-statement translation of Snowball's generated Python."""

    def __init__(self) -> None:
        self.labels: dict[str, list[str]] = {}  # Python exception class -> JS label stack
        self.count = 0
        self.class_name = ""

    # -- class ---------------------------------------------------------------

    def class_def(self, node: ast.ClassDef) -> str:
        self.class_name = node.name
        fields: list[str] = []
        statics: list[str] = []
        methods: list[str] = []
        for item in node.body:
            if isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant):
                continue  # docstring
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                name = _name(item.targets[0])
                value = self.static_value(item.value)
                if name.startswith(("I_", "B_")):
                    fields.append(f"      this.{name} = {value};")
                else:
                    statics.append(f"  {node.name}.{name} = {value};")
            elif isinstance(item, ast.FunctionDef):
                methods.append(self.method(item))
            else:
                raise TranslationError(f"class body: {ast.dump(item)[:80]}")
        constructor = "    constructor() {\n      super();\n" + "\n".join(fields) + "\n    }"
        body = "\n\n".join([constructor, *methods])
        return f"  class {node.name} extends BaseStemmer {{\n{body}\n  }}\n" + "\n".join(statics)

    def static_value(self, node: ast.expr) -> str:
        if isinstance(node, ast.Set):
            return f"new Set([{', '.join(self.expr(e) for e in node.elts)}])"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return f"new Set({json.dumps(node.value, ensure_ascii=False)})"  # a grouping
        if isinstance(node, (ast.List, ast.Tuple)):
            items = ",\n".join(f"    {self.expr(e)}" for e in node.elts)
            return f"[\n{items}\n  ]"
        return self.expr(node)

    def method(self, node: ast.FunctionDef) -> str:
        if [a.arg for a in node.args.args] != ["self"]:
            raise TranslationError(f"method {node.name} takes arguments")
        names = sorted(
            {
                target.id
                for stmt in ast.walk(node)
                if isinstance(stmt, ast.Assign)
                for target in stmt.targets
                if isinstance(target, ast.Name)
            }
        )
        lines = [f"    {_method_name(node.name)}() {{"]
        if names:
            lines.append(f"      let {', '.join(names)};")
        lines.extend(self.block(node.body, 3))
        lines.append("    }")
        return "\n".join(lines)

    # -- statements ----------------------------------------------------------

    def block(self, body: list[ast.stmt], depth: int) -> list[str]:
        lines: list[str] = []
        for stmt in body:
            lines.extend(self.stmt(stmt, depth))
        return lines

    def stmt(self, node: ast.stmt, depth: int) -> list[str]:
        pad = "  " * depth
        if isinstance(node, ast.Pass):
            return []
        if isinstance(node, ast.Expr):
            return [f"{pad}{self.expr(node.value)};"]
        if isinstance(node, ast.Assign):
            return [f"{pad}{self.expr(node.targets[0])} = {self.expr(node.value)};"]
        if isinstance(node, ast.AugAssign):
            op = _BINARY[type(node.op)]
            return [f"{pad}{self.expr(node.target)} {op}= {self.expr(node.value)};"]
        if isinstance(node, ast.Return):
            value = "" if node.value is None else " " + self.expr(node.value)
            return [f"{pad}return{value};"]
        if isinstance(node, ast.Break):
            return [f"{pad}break;"]
        if isinstance(node, ast.Continue):
            return [f"{pad}continue;"]
        if isinstance(node, ast.Raise):
            label = _name(node.exc.func)  # type: ignore[union-attr]
            if not self.labels.get(label):
                raise TranslationError(f"raise {label} outside its try")
            return [f"{pad}break {self.labels[label][-1]};"]
        if isinstance(node, ast.While):
            if not (isinstance(node.test, ast.Constant) and node.test.value is True):
                raise TranslationError("while with a condition")
            return [f"{pad}while (true) {{", *self.block(node.body, depth + 1), f"{pad}}}"]
        if isinstance(node, ast.If):
            return self.if_chain(node, depth, prefix="if")
        if isinstance(node, ast.Try):
            return self.try_block(node, depth)
        raise TranslationError(f"statement: {ast.dump(node)[:80]}")

    def if_chain(self, node: ast.If, depth: int, prefix: str) -> list[str]:
        pad = "  " * depth
        lines = [f"{pad}{prefix} ({self.expr(node.test)}) {{", *self.block(node.body, depth + 1)]
        orelse = node.orelse
        if len(orelse) == 1 and isinstance(orelse[0], ast.If):
            lines.append(f"{pad}}}")
            nested = self.if_chain(orelse[0], depth, prefix="else if")
            lines[-1] = f"{pad}}} {nested[0].strip()}"
            lines.extend(nested[1:])
            return lines
        if orelse:
            lines.append(f"{pad}}} else {{")
            lines.extend(self.block(orelse, depth + 1))
        lines.append(f"{pad}}}")
        return lines

    def try_block(self, node: ast.Try, depth: int) -> list[str]:
        """`try: … except labN: pass` is a labelled block that `raise labN()` breaks out of."""
        pad = "  " * depth
        if len(node.handlers) != 1 or node.orelse or node.finalbody:
            raise TranslationError("try with several handlers, else or finally")
        handler = node.handlers[0]
        if not all(isinstance(s, ast.Pass) for s in handler.body):
            raise TranslationError("except clause that does something")
        name = _name(handler.type)
        self.count += 1
        label = f"{name}_{self.count}"
        self.labels.setdefault(name, []).append(label)
        body = self.block(node.body, depth + 1)
        self.labels[name].pop()
        return [f"{pad}{label}: {{", *body, f"{pad}}}"]

    # -- expressions ---------------------------------------------------------

    def expr(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            if node.value is True:
                return "true"
            if node.value is False:
                return "false"
            if node.value is None:
                return "null"
            if isinstance(node.value, str):
                return json.dumps(node.value, ensure_ascii=False)
            if isinstance(node.value, int):
                return str(node.value)
        if isinstance(node, ast.Name):
            return "this" if node.id == "self" else node.id
        if isinstance(node, ast.Attribute):
            owner = self.expr(node.value)
            return f"{owner}.{_method_name(node.attr)}"
        if isinstance(node, ast.Call):
            args = ", ".join(self.expr(a) for a in node.args)
            if isinstance(node.func, ast.Name) and node.func.id == "Among":
                return f"new Among({args})"
            return f"{self.expr(node.func)}({args})"
        if isinstance(node, ast.Subscript):
            return f"{self.expr(node.value)}[{self.expr(node.slice)}]"
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return f"!{self.wrap(node.operand)}"
            if isinstance(node.op, ast.USub):
                return f"-{self.wrap(node.operand)}"
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op = _BINARY[type(node.op)]
            return f"({self.expr(node.left)} {op} {self.expr(node.right)})"
        if isinstance(node, ast.BoolOp):
            op = " || " if isinstance(node.op, ast.Or) else " && "
            return "(" + op.join(self.expr(v) for v in node.values) + ")"
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            op = _COMPARE[type(node.ops[0])]
            return f"({self.expr(node.left)} {op} {self.expr(node.comparators[0])})"
        raise TranslationError(f"expression: {ast.dump(node)[:80]}")

    def wrap(self, node: ast.expr) -> str:
        text = self.expr(node)
        simple = isinstance(node, (ast.Name, ast.Constant, ast.Attribute, ast.Call))
        return text if simple or text.startswith("(") else f"({text})"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _version() -> str:
    return importlib.metadata.version("snowballstemmer")


def _name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Name):
        return node.id
    raise TranslationError(f"expected a name: {ast.dump(node)[:80] if node else None}")


def _method_name(name: str) -> str:
    """Python's private `__r_x` (mangled) becomes a plain `r_x` method."""
    return name[2:] if name.startswith("__") else name


def _class_name(module: str) -> str:
    return "".join(part.capitalize() for part in module.split("_"))


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

LANGUAGES = {"es": "spanish_stemmer", "en": "english_stemmer"}  # site language -> module

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.RShift: ">>"}
_COMPARE = {
    ast.Eq: "===",
    ast.NotEq: "!==",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}

HEADER = """\
/*
 * Snowball stemmers for the site's search (Spanish and English).
 *
 * GENERATED by scripts/build_search_stemmers.py from the Python package
 * snowballstemmer {version} (generated there by Snowball, https://snowballstem.org/).
 * Do not edit: change the script and run it again.
 *
 * Snowball and its stemmers: Copyright (c) 2001, Dr Martin Porter; (c) 2004, 2005,
 * Richard Boulton; (c) 2013, Yoshiki Shibukawa; (c) 2006-2025, Olly Betts. BSD 3-Clause
 * licence: LICENSE-snowball.txt beside this file.
 */
(function (root) {{
  "use strict";
  const BaseStemmer = root.SnowballBase.BaseStemmer;
  const Among = root.SnowballBase.Among;
"""

if __name__ == "__main__":
    raise SystemExit(main())
