import os
from typing import Iterable, Optional, Tuple, Union

import pandas as pd

MESSAGE_TEXT_COLUMNS: Tuple[str, ...]

Input = Union[str, os.PathLike[str]]

def decode(source: Union[Input, bytes, Iterable[Input]], format: str = ..., *,
           sample_rate: Optional[float] = ..., start_time: Optional[str] = ..., select: Optional[str] = ...,
           receiver: Optional[Tuple[float, float]] = ..., keep_unknown_addresses: bool = ..., repair: bool = ...,
           limit: int = ..., timeout: float = ...) -> pd.DataFrame: ...
