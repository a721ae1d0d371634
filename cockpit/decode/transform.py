"""``transform.math`` expressions of the KUKSA dbc2vss format, parsed safely (never ``eval``).

KUKSA's mapping README says a ``math`` transform is a py-expression-eval formula in ``x``, so the
grammar is that library's arithmetic: numbers, ``x``, ``+ - * / %``, ``^`` for power (``x^2``;
like py-expression-eval it groups left, ``2^3^2`` is 64, and binds tighter than a unary minus,
``-x^2`` is ``-(x^2)``), unary minus, parentheses, the constants ``PI`` and ``E``, and the functions
``sin cos tan asin acos atan sqrt log exp abs ceil floor round min max pow atan2 pyt fac``
(``log`` is the natural logarithm, ``pyt(a, b)`` the hypotenuse, ``fac`` the factorial). Python's
``**`` and ``//`` are accepted too. py-expression-eval's ``random()`` and string concatenation
(``||``, ``concat``) are refused: a signal's value must not depend on chance or become text.

The expression is parsed with :mod:`ast`, every node is checked against that grammar, and it is
turned into a tree of small Python closures; nothing from the file is ever executed.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable

from cockpit.errors import TransformError

Number = float | int
MathTransform = Callable[[Number], Number]

_BINARY: dict[type[ast.operator], Callable[[Number, Number], Number]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Number], Number]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def _factorial(n: Number) -> Number:
    if n != int(n) or not 0 <= n <= _MAX_FACTORIAL:
        raise ValueError(f"fac() takes a whole number from 0 to {_MAX_FACTORIAL}, not {n}")
    return math.factorial(int(n))


_FUNCTIONS: dict[str, Callable[..., Number]] = {
    "floor": math.floor,
    "ceil": math.ceil,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "asin": math.asin,
    "acos": math.acos,
    "atan": math.atan,
    "atan2": math.atan2,
    "pow": math.pow,
    "pyt": math.hypot,
    "fac": _factorial,
}
_CONSTANTS: dict[str, float] = {"PI": math.pi, "E": math.e}
_REFUSED = {"random": "its value would depend on chance", "concat": "it makes text, not a number"}
_MAX_LENGTH = 200  # a mapping expression is a formula, not a program
_MAX_EXPONENT = 64  # keeps "x ** 1e9" from eating the CPU
_MAX_FACTORIAL = 170  # the largest factorial a float holds


def compile_math(expression: str) -> MathTransform:
    """Turn ``expression`` (e.g. ``"floor(x * 3.6 + 0.5)"``) into a function of ``x``.

    Raises TransformError naming the offending part when the expression is outside the grammar.
    """
    if not isinstance(expression, str) or not expression.strip():
        raise TransformError(f"transform.math must be a non-empty string, got {expression!r}")
    if len(expression) > _MAX_LENGTH:
        raise TransformError(
            f"transform.math is longer than {_MAX_LENGTH} characters: {expression[:40]!r}..."
        )
    if "||" in expression:
        raise TransformError(f"transform.math {expression!r}: '||' joins text; a VSS value here is a number")
    if "\n" in expression or "\r" in expression:
        raise TransformError(f"transform.math {expression!r} must be written on one line")
    source, carets = _python_power(expression.strip())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise TransformError(f"transform.math {expression!r} is not a valid expression: {exc.msg}") from None
    return _build(tree.body, _Source(expression, source, carets))


class _Source:
    """The expression as written (for errors) and as parsed, and where each ``^`` became ``**``."""

    def __init__(self, written: str, parsed: str, carets: frozenset[int]) -> None:
        self.written, self.parsed, self.carets = written, parsed, carets

    def __str__(self) -> str:
        return self.written

    def __repr__(self) -> str:
        return repr(self.written)

    def is_caret(self, node: ast.BinOp) -> bool:
        """Whether this power was written ``^`` (so it groups left, as py-expression-eval does)."""
        between = self.parsed[node.left.end_col_offset or 0 : node.right.col_offset]
        return (node.left.end_col_offset or 0) + between.find("**") in self.carets

    def parenthesised(self, node: ast.BinOp) -> bool:
        """Whether the right operand of this power was written in parentheses."""
        return "(" in self.parsed[node.left.end_col_offset or 0 : node.right.col_offset]

    def segment(self, node: ast.AST) -> str | None:
        return ast.get_source_segment(self.parsed, node)


def _python_power(expression: str) -> tuple[str, frozenset[int]]:
    """``x^2`` -> ``x**2``, with the offsets in the result where each ``**`` from a ``^`` starts."""
    parts: list[str] = []
    carets: set[int] = set()
    length = 0
    for character in expression:
        if character == "^":
            carets.add(length)
            parts.append("**")
            length += 2
        else:
            parts.append(character)
            length += 1
    return "".join(parts), frozenset(carets)


def _caret_chain(node: ast.BinOp, source: _Source) -> list[ast.AST]:
    """``a ^ b ^ c`` as Python parsed it (``a ** (b ** c)``) flattened to ``[a, b, c]``."""
    operands: list[ast.AST] = [node.left]
    right = node.right
    while (
        isinstance(right, ast.BinOp)
        and isinstance(right.op, ast.Pow)
        and source.is_caret(right)
        and not source.parenthesised(node)
    ):
        operands.append(right.left)
        node, right = right, right.right
    operands.append(right)
    return operands


def _power(left: MathTransform, right: MathTransform) -> MathTransform:
    def power(x: Number) -> Number:
        exponent = right(x)
        if abs(exponent) > _MAX_EXPONENT:
            raise ArithmeticError(f"exponent {exponent} too large")
        return left(x) ** exponent

    return power


def _build(node: ast.AST, source: _Source) -> MathTransform:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):  # True is an int to Python, not a number to KUKSA
        constant = node.value
        return lambda x: constant
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            value = _CONSTANTS[node.id]
            return lambda x: value
        if node.id != "x":
            raise TransformError(
                f"transform.math {source!r}: unknown name {node.id!r}; the only variable is x "
                f"(constants: {', '.join(_CONSTANTS)})"
            )
        return lambda x: x
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        unary = _UNARY[type(node.op)]
        operand = _build(node.operand, source)
        return lambda x: unary(operand(x))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        if isinstance(node.op, ast.Pow):
            if source.is_caret(node):
                operands = [_build(operand, source) for operand in _caret_chain(node, source)]
                result = operands[0]
                for operand in operands[1:]:
                    result = _power(result, operand)
                return result
            return _power(_build(node.left, source), _build(node.right, source))
        left = _build(node.left, source)
        right = _build(node.right, source)
        binary = _BINARY[type(node.op)]
        return lambda x: binary(left(x), right(x))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        function = _FUNCTIONS.get(node.func.id)
        if function is None:
            why = _REFUSED.get(node.func.id)
            if why:
                raise TransformError(f"transform.math {source!r}: {node.func.id}() is refused: {why}")
            allowed = ", ".join(sorted(_FUNCTIONS))
            raise TransformError(
                f"transform.math {source!r}: function {node.func.id!r} is not allowed (allowed: {allowed})"
            )
        arguments = [_build(argument, source) for argument in node.args]
        if not arguments:
            raise TransformError(f"transform.math {source!r}: {node.func.id}() needs an argument")
        if len(arguments) == 1:
            (only,) = arguments
            return lambda x: function(only(x))
        return lambda x: function(*(argument(x) for argument in arguments))
    fragment = source.segment(node) or type(node).__name__
    raise TransformError(
        f"transform.math {source!r}: {fragment!r} is not allowed; use numbers, x, PI, E, "
        "+ - * / % ^ (or ** //), parentheses and the functions "
        f"{', '.join(sorted(_FUNCTIONS))}"
    )
