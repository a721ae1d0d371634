"""``transform.math`` expressions of the KUKSA dbc2vss format, parsed safely (never ``eval``).

The grammar is arithmetic in one variable ``x``: numbers, ``+ - * / // % **``, unary minus,
parentheses, and the functions ``floor ceil abs min max round``. The expression is parsed with
:mod:`ast`, every node is checked against that grammar, and it is turned into a tree of small Python
closures; nothing from the file is ever executed.
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
_FUNCTIONS: dict[str, Callable[..., Number]] = {
    "floor": math.floor,
    "ceil": math.ceil,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
}
_MAX_LENGTH = 200  # a mapping expression is a formula, not a program
_MAX_EXPONENT = 64  # keeps "x ** 1e9" from eating the CPU


def compile_math(expression: str) -> MathTransform:
    """Turn ``expression`` (e.g. ``"floor(x * 3.6 + 0.5)"``) into a function of ``x``.

    Raises TransformError naming the offending part when the expression is outside the grammar.
    """
    if not isinstance(expression, str) or not expression.strip():
        raise TransformError(f"transform.math must be a non-empty string, got {expression!r}")
    if len(expression) > _MAX_LENGTH:
        raise TransformError(f"transform.math is longer than {_MAX_LENGTH} characters: {expression[:40]!r}...")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise TransformError(f"transform.math {expression!r} is not a valid expression: {exc.msg}") from None
    return _build(tree.body, expression)


def _build(node: ast.AST, source: str) -> MathTransform:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        constant = node.value
        return lambda x: constant
    if isinstance(node, ast.Name):
        if node.id != "x":
            raise TransformError(f"transform.math {source!r}: unknown name {node.id!r}; the only variable is x")
        return lambda x: x
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        unary = _UNARY[type(node.op)]
        operand = _build(node.operand, source)
        return lambda x: unary(operand(x))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left = _build(node.left, source)
        right = _build(node.right, source)
        if isinstance(node.op, ast.Pow):
            def power(x: Number) -> Number:
                exponent = right(x)
                if abs(exponent) > _MAX_EXPONENT:
                    raise ArithmeticError(f"exponent {exponent} too large")
                return left(x) ** exponent
            return power
        binary = _BINARY[type(node.op)]
        return lambda x: binary(left(x), right(x))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        function = _FUNCTIONS.get(node.func.id)
        if function is None:
            allowed = ", ".join(sorted(_FUNCTIONS))
            raise TransformError(f"transform.math {source!r}: function {node.func.id!r} is not allowed "
                                 f"(allowed: {allowed})")
        arguments = [_build(argument, source) for argument in node.args]
        if not arguments:
            raise TransformError(f"transform.math {source!r}: {node.func.id}() needs an argument")
        if len(arguments) == 1:
            (only,) = arguments
            return lambda x: function(only(x))
        return lambda x: function(*(argument(x) for argument in arguments))
    fragment = ast.get_source_segment(source.strip(), node) or type(node).__name__
    raise TransformError(f"transform.math {source!r}: {fragment!r} is not allowed; use numbers, x, "
                         "+ - * / // % **, parentheses and floor/ceil/abs/min/max/round")
