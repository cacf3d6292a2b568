"""CSV text from the C++ side into pandas DataFrames, keeping the columns as they are."""

from __future__ import annotations

import io
from typing import Iterable

import pandas as pd


def frame(csv: str, text_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Reads `csv` (with its header) into a DataFrame. Empty fields become missing values;
    `text_columns` stay strings (hex addresses, squawks), the rest get pandas' types. Numbers
    are read back exactly as written (pandas' default parser can be off in the last digit)."""
    dtype = {c: str for c in text_columns}
    return pd.read_csv(io.StringIO(csv), dtype=dtype, keep_default_na=False, na_values=[""],
                       float_precision="round_trip")
