"""Theme templates compiled once per process, not once per language build.

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n builds each
language in turn (and `mkdocs serve` rebuilds on every save): without a cache, Jinja parses
and compiles every template of Material and overrides/ again each time. `CompiledTemplates`
is Jinja's documented extension point for that (`jinja2.BytecodeCache`), kept in memory.
Jinja stores each template's source checksum with its code, so an edited template is
compiled afresh.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled template code in memory, per template file and set of Jinja extensions."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, tuple[str, ...]], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()

    @staticmethod
    def _key(bucket: Bucket) -> tuple[str, tuple[str, ...]]:
        return bucket.key, tuple(sorted(bucket.environment.extensions))
