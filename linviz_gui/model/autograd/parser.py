"""A small whitelisted language for the autograd view's computation lines.

Each line is ``name = expression``. An expression is built from the tensor names defined on
earlier lines (``x`` is given), numbers, ``+ - * / ** @``, unary minus, parentheses and the
functions and methods in :data:`FUNCTIONS`. The text is read by a hand-written tokenizer and a
recursive-descent parser into the frozen dataclasses below; nothing a user types ever reaches
``eval``, ``exec``, ``compile`` or an attribute lookup. Everything else (strings, subscripts,
keywords, dunder names, other attributes, lambdas, calls of anything not listed, huge exponents,
deep nesting, long text) raises :class:`InputError` naming the line and the bad piece.

Grammar (``**`` binds tighter than unary minus on its left and is right-associative, as in
Python)::

    line    := NAME '=' expr
    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/' | '@') unary)*
    unary   := '-' unary | power
    power   := postfix ['**' unary]
    postfix := atom ('.' NAME '(' [args] ')')*
    atom    := NUMBER | NAME | FUNC '(' [args] ')' | 'torch' '.' FUNC '(' [args] ')' | '(' expr ')'
    args    := expr (',' expr)*
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass

from linviz_gui.model.linear.matrix import InputError

#: The input tensor's name; it is defined by the x editor, not by a line.
INPUT_NAME = "x"

MAX_TEXT_CHARS = 4000
MAX_LINES = 24
MAX_LINE_CHARS = 200
MAX_NAME_CHARS = 24
MAX_DEPTH = 32
MAX_NUMBER = 1e6
#: ``**`` and ``pow`` accept a constant exponent only in this range (a tensor exponent is fine).
MAX_EXPONENT = 16.0

#: name -> the numbers of arguments accepted, counting the tensor a method is called on.
FUNCTIONS: dict[str, tuple[int, ...]] = {
    "mean": (1,),
    "sum": (1,),
    "exp": (1,),
    "log": (1,),
    "tanh": (1,),
    "relu": (1,),
    "sigmoid": (1,),
    "abs": (1,),
    "sqrt": (1,),
    "sin": (1,),
    "cos": (1,),
    "square": (1,),
    "t": (1,),
    "max": (1, 2),
    "min": (1, 2),
    "pow": (2,),
    "matmul": (2,),
}

#: Names a line may not define: they would hide a function or read as Python.
_RESERVED = frozenset(FUNCTIONS) | {"torch", INPUT_NAME} | frozenset(keyword.kwlist)

BINARY_OPS = ("+", "-", "*", "/", "@", "**")


# The syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class Neg:
    operand: Expr


@dataclass(frozen=True)
class BinOp:
    op: str  # one of BINARY_OPS
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    """A listed function; ``method`` says it was written ``a.f(...)`` rather than ``f(a, ...)``."""

    func: str
    args: tuple[Expr, ...]
    method: bool = False


Expr = Number | Name | Neg | BinOp | Call


@dataclass(frozen=True)
class Assignment:
    name: str
    expr: Expr
    line_no: int  # 1-based, as the user sees it in the editor
    source: str


@dataclass(frozen=True)
class Program:
    lines: tuple[Assignment, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(line.name for line in self.lines)

    @property
    def result_name(self) -> str:
        """The tensor ``backward()`` starts from: the last line's."""
        return self.lines[-1].name


# Tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    column: int  # 1-based


_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/@()=,.])"
    r")"
)

_FORBIDDEN_HINTS = {
    "'": "strings are not allowed",
    '"': "strings are not allowed",
    "[": "subscripts and lists are not allowed in a line (edit x above)",
    "]": "subscripts and lists are not allowed in a line (edit x above)",
    "{": "braces are not allowed",
    "}": "braces are not allowed",
    ":": "':' is not allowed (no lambdas, slices or annotations)",
    ";": "write one assignment per line",
    "%": "'%' is not an allowed operator",
    "<": "comparisons are not allowed",
    ">": "comparisons are not allowed",
    "!": "comparisons are not allowed",
    "&": "bitwise operators are not allowed",
    "|": "bitwise operators are not allowed",
    "^": "'^' is not allowed; write a power as a ** 2",
    "~": "'~' is not allowed",
    "\\": "backslashes are not allowed",
}


def _tokenize(text: str) -> list[_Token]:
    """Split a line into tokens; a character outside the language becomes a "bad" token that
    the parser reports when it reaches it (so the first problem from the left is named)."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            rest = text[position:].lstrip()
            if not rest:
                break
            tokens.append(_Token("bad", rest[0], len(text) - len(rest) + 1))
            break
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# Parser --------------------------------------------------------------------------------------


class _LineParser:
    def __init__(self, tokens: list[_Token], line_no: int, defined: set[str]) -> None:
        self._tokens = tokens
        self._index = 0
        self._line_no = line_no
        self._defined = defined
        self._depth = 0

    # helpers

    def _peek(self, offset: int = 0) -> _Token:
        token = self._tokens[min(self._index + offset, len(self._tokens) - 1)]
        if token.kind == "bad" and offset == 0:
            hint = _FORBIDDEN_HINTS.get(
                token.text, "only names, numbers, + - * / ** @ ( ) , . are allowed"
            )
            raise self._error(f"{token.text!r}: {hint}", token)
        return token

    def _take(self) -> _Token:
        token = self._peek()
        self._index += 1
        return token

    def _where(self, token: _Token) -> str:
        return f"line {self._line_no}, column {token.column}: "

    def _error(self, message: str, token: _Token | None = None) -> InputError:
        where = token or self._tokens[min(self._index, len(self._tokens) - 1)]
        return InputError(self._where(where) + message)

    def _expect(self, text: str, what: str) -> _Token:
        token = self._peek()
        if token.kind != "op" or token.text != text:
            found = f"{token.text!r}" if token.kind != "end" else "the end of the line"
            raise self._error(f"expected {what}; found {found}", token)
        return self._take()

    def _enter(self) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self._error(f"the expression is nested too deeply (more than {MAX_DEPTH} levels)")

    def _is_op(self, *texts: str) -> bool:
        token = self._peek()
        return token.kind == "op" and token.text in texts

    # grammar

    def assignment(self) -> tuple[str, Expr]:
        target = self._take()
        if target.kind != "name":
            raise self._error("a line must start with a name, as in  y = x - 2", target)
        _check_new_name(target.text, self._line_no, self._defined)
        self._expect("=", "'=' after the name, as in  y = x - 2")
        expr = self.expr()
        token = self._peek()
        if token.kind != "end":
            raise self._error(f"unexpected {token.text!r}", token)
        return target.text, expr

    def expr(self) -> Expr:
        self._enter()
        node = self.term()
        while self._is_op("+", "-"):
            op = self._take().text
            node = BinOp(op, node, self.term())
        self._depth -= 1
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self._is_op("*", "/", "@"):
            op = self._take().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Expr:
        if self._is_op("-"):
            self._enter()
            self._take()
            node: Expr = Neg(self.unary())
            self._depth -= 1
            return node
        if self._is_op("+"):
            raise self._error("unary '+' is not needed; remove it")
        return self.power()

    def power(self) -> Expr:
        base = self.postfix()
        if not self._is_op("**"):
            return base
        token = self._take()
        self._enter()
        exponent = self.unary()
        self._depth -= 1
        _check_exponent(exponent, self._where(token))
        return BinOp("**", base, exponent)

    def postfix(self) -> Expr:
        node = self.atom()
        while self._is_op("."):
            self._take()
            attr = self._take()
            if attr.kind != "name":
                raise self._error("expected a method name after '.'", attr)
            if attr.text not in FUNCTIONS:
                raise self._error(_not_allowed_attribute(attr.text), attr)
            if not self._is_op("("):
                raise self._error(f"call the method with parentheses: .{attr.text}()", attr)
            node = self._call(attr, (node,), method=True)
        return node

    def atom(self) -> Expr:
        token = self._take()
        if token.kind == "num":
            return Number(_read_number(token.text, self._where(token)))
        if token.kind == "op" and token.text == "(":
            node = self.expr()
            self._expect(")", "')'")
            return node
        if token.kind == "name":
            return self._name_or_call(token)
        found = f"{token.text!r}" if token.kind != "end" else "the end of the line"
        raise self._error(f"expected a name, a number or '('; found {found}", token)

    def _name_or_call(self, token: _Token) -> Expr:
        name = token.text
        if name.startswith("_"):
            raise self._error(f"names starting with '_' are not allowed ({name!r})", token)
        if name == "torch":
            self._expect(".", "'.' after torch, as in torch.exp(y)")
            func = self._take()
            if func.kind != "name" or func.text not in FUNCTIONS:
                shown = func.text if func.kind != "end" else ""
                raise self._error(_not_allowed_function(f"torch.{shown}"), func)
            return self._call(func, (), method=False)
        if name in FUNCTIONS:
            if not self._is_op("("):
                raise self._error(f"{name} is a function; call it as {name}(...)", token)
            return self._call(token, (), method=False)
        if self._is_op("("):
            raise self._error(_not_allowed_function(name), token)
        if keyword.iskeyword(name):
            raise self._error(f"the Python keyword {name!r} is not allowed", token)
        if name not in self._defined:
            known = ", ".join(sorted(self._defined))
            raise self._error(f"unknown name {name!r}; defined so far: {known}", token)
        return Name(name)

    def _call(self, func: _Token, receiver: tuple[Expr, ...], method: bool) -> Call:
        self._expect("(", f"'(' after {func.text}")
        self._enter()
        args = list(receiver)
        while not self._is_op(")"):
            if len(args) > len(receiver):
                self._expect(",", "')' or ','")
            if self._peek().kind == "name" and self._peek(1).text == "=":
                raise self._error("keyword arguments are not allowed")
            args.append(self.expr())
        self._take()
        self._depth -= 1
        counts = FUNCTIONS[func.text]
        if len(args) not in counts:
            written = f".{func.text}()" if method else f"{func.text}()"
            wanted = " or ".join(str(c - 1 if method else c) for c in counts)
            given = len(args) - 1 if method else len(args)
            raise self._error(
                f"{written} takes {wanted} argument(s) here; got {given}",
                func,
            )
        if func.text == "pow":
            _check_exponent(args[1], self._where(func))
        return Call(func.text, tuple(args), method)


def _read_number(text: str, where: str) -> float:
    value = float(text)  # the regex admits only decimal digits, '.', and an exponent
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise InputError(f"{where}number {text[:32]} is too large (limit {MAX_NUMBER:g})")
    return value


def _check_exponent(exponent: Expr, where: str) -> None:
    """A constant exponent must be a plain number in range; a tensor expression is allowed."""
    if not _is_constant(exponent):
        return
    value: float | None = None
    if isinstance(exponent, Number):
        value = exponent.value
    elif isinstance(exponent, Neg) and isinstance(exponent.operand, Number):
        value = -exponent.operand.value
    if value is None:
        raise InputError(f"{where}a constant exponent must be a plain number such as 2 or -0.5")
    if abs(value) > MAX_EXPONENT:
        raise InputError(
            f"{where}exponent {value:g} is too large; use a number between "
            f"-{MAX_EXPONENT:g} and {MAX_EXPONENT:g}"
        )


def _is_constant(expr: Expr) -> bool:
    if isinstance(expr, Number):
        return True
    if isinstance(expr, Name):
        return False
    if isinstance(expr, Neg):
        return _is_constant(expr.operand)
    if isinstance(expr, BinOp):
        return _is_constant(expr.left) and _is_constant(expr.right)
    return all(_is_constant(arg) for arg in expr.args)


def _not_allowed_attribute(name: str) -> str:
    if name.startswith("__"):
        return f"dunder attributes such as {name!r} are not allowed"
    allowed = ", ".join(sorted(FUNCTIONS))
    return f"attribute {name!r} is not allowed; methods allowed: {allowed}"


def _not_allowed_function(name: str) -> str:
    allowed = ", ".join(sorted(FUNCTIONS))
    return f"calling {name!r} is not allowed; functions allowed: {allowed}"


def _check_new_name(name: str, line_no: int, defined: set[str]) -> None:
    where = f"line {line_no}"
    if len(name) > MAX_NAME_CHARS:
        raise InputError(f"{where}: the name {name[:MAX_NAME_CHARS]}… is too long")
    if name.startswith("_"):
        raise InputError(f"{where}: names starting with '_' are not allowed ({name!r})")
    if name == INPUT_NAME:
        raise InputError(f"{where}: x is the input tensor (edit it above); pick another name")
    if name in _RESERVED:
        raise InputError(f"{where}: {name!r} is reserved; pick another name")
    if name in defined:
        raise InputError(f"{where}: {name!r} is already defined; pick a new name")


# Entry points --------------------------------------------------------------------------------


def parse_program(text: str) -> Program:
    """Parse the computation lines; raise :class:`InputError` on anything not in the language.

    Blank lines and ``#`` comments are skipped. ``x`` is predefined; each line defines a new
    name that later lines may use. The last line is the tensor ``backward()`` starts from.
    """
    if not isinstance(text, str):
        raise InputError(f"the program must be text; got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"the program is too long ({len(text)} characters; limit {MAX_TEXT_CHARS})"
        )
    raw_lines = text.replace("\u2212", "-").splitlines()
    if len(raw_lines) > MAX_LINES * 2:
        raise InputError(f"the program has too many lines ({len(raw_lines)}; limit {MAX_LINES})")
    defined = {INPUT_NAME}
    lines: list[Assignment] = []
    for index, raw in enumerate(raw_lines):
        line_no = index + 1
        source = raw.split("#", 1)[0].strip()
        if not source:
            continue
        if len(source) > MAX_LINE_CHARS:
            raise InputError(f"line {line_no} is too long (limit {MAX_LINE_CHARS} characters)")
        if len(lines) >= MAX_LINES:
            raise InputError(f"line {line_no}: too many lines (limit {MAX_LINES} assignments)")
        parser = _LineParser(_tokenize(source), line_no, defined)
        name, expr = parser.assignment()
        defined.add(name)
        lines.append(Assignment(name, expr, line_no, source))
    if not lines:
        raise InputError("write at least one line, such as  y = x - 2")
    return Program(tuple(lines))


def expr_text(expr: Expr) -> str:
    """Canonical text of ``expr`` (fully bracketed where precedence would hide it)."""
    if isinstance(expr, Number):
        return f"{expr.value:g}"
    if isinstance(expr, Name):
        return expr.id
    if isinstance(expr, Neg):
        return f"-{_bracketed(expr.operand)}"
    if isinstance(expr, BinOp):
        return f"{_bracketed(expr.left)} {expr.op} {_bracketed(expr.right)}"
    if expr.method:
        receiver, *rest = expr.args
        return f"{_bracketed(receiver)}.{expr.func}({', '.join(expr_text(a) for a in rest)})"
    return f"{expr.func}({', '.join(expr_text(a) for a in expr.args)})"


def _bracketed(expr: Expr) -> str:
    text = expr_text(expr)
    return f"({text})" if isinstance(expr, (BinOp, Neg)) else text
