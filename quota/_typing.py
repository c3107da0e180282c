"""Array type aliases shared by every layer (imports nothing from the package).

``IntArray`` holds whole quotas, counts and indices; ``FloatArray`` holds
scores, shares, ideal quotas and other real numbers; ``BoolArray`` masks.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["BoolArray", "FloatArray", "IntArray"]
