"""Flask apps built by the hundred: werkzeug compiles each URL rule into two small Python
functions every time an app is built (`Rule._compile_builder`), which is most of what
`create_app` costs (about 0.1 s for our ~170 rules). A compiled builder reaches its rule
only through its first argument, so the same rule text, trace and defaults always give the
same function: the test run compiles each one once and binds it to every app's rule."""

from __future__ import annotations

import functools

from werkzeug.routing.rules import Rule


def reuse_compiled_url_builders() -> None:
    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "reused", False):
        return  # another werkzeug: apps are built as they are, only slower
    compiled: dict[tuple, object] = {}

    @functools.wraps(compile_builder)
    def reused(self: Rule, append_unknown: bool = True):
        # Everything the builder's code is made of (werkzeug 3.1's rules.py); converters'
        # arguments are in the rule's text.
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               tuple((name, type(c)) for name, c in self._converters.items()), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    reused.reused = True
    reused.compiled = compiled
    Rule._compile_builder = reused
