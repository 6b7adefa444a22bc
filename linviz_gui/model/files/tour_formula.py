"""A tour step's formula as safe, legible HTML: sub- and superscripts, nothing else.

No LaTeX engine and no network: ``x_{ij}`` and ``e^{-r^2/2}`` cover what a 2-D course writes, and
Unicode (Σ, ‖x‖, Wᵀ) does the rest.
"""

from __future__ import annotations

import html
import re


def formula_html(text: str) -> str:
    """Render a formula's text as safe HTML: ``_{..}``/``^{..}`` (or one character) become
    sub- and superscripts (``\\_`` is a plain underscore), lines become line breaks, and
    everything else is shown as typed."""
    return "<br>".join(_keep_spaces(_scripts(line)) for line in text.split("\n"))


def _keep_spaces(line: str) -> str:
    """HTML folds runs of spaces into one; a formula uses them to set terms apart."""
    return re.sub(r" {2,}", lambda run: "&nbsp;" * (len(run.group()) - 1) + " ", line)


#: Scripts of scripts of scripts are unreadable anyway; deeper ones show as typed.
_MAX_SCRIPT_LEVEL = 3


def _scripts(text: str, level: int = 0) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and text[i + 1 : i + 2] in ("_", "^"):
            out.append(text[i + 1])
            i += 2
            continue
        if char in "_^" and i + 1 < len(text) and level < _MAX_SCRIPT_LEVEL:
            tag = "sub" if char == "_" else "sup"
            inner, i = _script_argument(text, i + 1)
            out.append(f"<{tag}>{_scripts(inner, level + 1)}</{tag}>")
            continue
        out.append(html.escape(char))
        i += 1
    return "".join(out)


def _script_argument(text: str, start: int) -> tuple[str, int]:
    """The ``{...}`` group (braces balanced) or the single character at ``start``."""
    if text[start] != "{":
        return text[start], start + 1
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : j], j + 1
    return text[start + 1 :], len(text)  # an unclosed group runs to the end of the line
