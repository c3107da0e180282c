"""The choices a scenario and the command line offer, written once.

Each is a ``typing.Literal`` type (the scenario models of
:mod:`quota.config.schema` use them as field types) and a tuple of its values
derived with :func:`typing.get_args`, in this order everywhere (``click.Choice``
of the command line, the methods of :mod:`quota.methods.weights` and
:mod:`quota.solve.apportion`, messages). :mod:`quota.config.schema` re-exports
all of them.

This module imports nothing but :mod:`typing`: the command line builds its
options from it without loading pydantic (``quota --help`` stays fast).
"""

from __future__ import annotations

from typing import Literal, get_args

#: classical apportionment methods (``method:`` other than ``lp``)
ApportionmentMethod = Literal["hamilton", "webster", "huntington-hill", "dhondt", "adams"]
#: how the quantified quotas are split: the integer program or an apportionment method
Method = Literal["lp", ApportionmentMethod]
#: what the integer program minimises
Objective = Literal["l1", "minimax"]
#: weight methods that derive weights from the data alone (``quota weights``)
TableWeightMethod = Literal["entropy", "critic", "ahp"]
#: how indicator weights are set or derived
WeightMethod = Literal["manual", TableWeightMethod, "combined"]
#: transforms of an indicator before it is normalised to shares
Transform = Literal["none", "sqrt", "log1p"]
#: engines a scenario or ``--solver`` may ask for (``auto``: the fast path when it can)
SolverName = Literal["auto", "fast", "highs", "cbc"]

APPORTIONMENT_METHODS: tuple[ApportionmentMethod, ...] = get_args(ApportionmentMethod)
METHODS: tuple[Method, ...] = get_args(Method)
OBJECTIVES: tuple[Objective, ...] = get_args(Objective)
TABLE_WEIGHT_METHODS: tuple[TableWeightMethod, ...] = get_args(TableWeightMethod)
WEIGHT_METHODS: tuple[WeightMethod, ...] = get_args(WeightMethod)
TRANSFORMS: tuple[Transform, ...] = get_args(Transform)
SOLVERS: tuple[SolverName, ...] = get_args(SolverName)

__all__ = [
    "APPORTIONMENT_METHODS",
    "METHODS",
    "OBJECTIVES",
    "SOLVERS",
    "TABLE_WEIGHT_METHODS",
    "TRANSFORMS",
    "WEIGHT_METHODS",
    "ApportionmentMethod",
    "Method",
    "Objective",
    "SolverName",
    "TableWeightMethod",
    "Transform",
    "WeightMethod",
]
