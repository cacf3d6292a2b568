import os
from typing import Iterable, Optional, Tuple, Union

import pandas as pd

MESSAGE_TEXT_COLUMNS: Tuple[str, ...]
FLIGHT_TEXT_COLUMNS: Tuple[str, ...]

Input = Union[str, os.PathLike[str]]

def decode(source: Union[Input, bytes, Iterable[Input]], format: str = ..., *,
           sample_rate: Optional[float] = ..., start_time: Optional[str] = ..., select: Optional[str] = ...,
           receiver: Optional[Tuple[float, float]] = ..., keep_unknown_addresses: bool = ..., repair: bool = ...,
           limit: int = ..., timeout: float = ...) -> pd.DataFrame: ...

def flights(source: Union[Input, Iterable[Input]], airports: Input, *, aircraft: Optional[Input] = ...,
            operators: Optional[Input] = ..., watch: Optional[Input] = ..., format: str = ...,
            sample_rate: Optional[float] = ..., start_time: Optional[str] = ..., select: Optional[str] = ...,
            receiver: Optional[Tuple[float, float]] = ..., max_gap: Optional[float] = ...,
            max_bridge: Optional[float] = ..., airport_radius: Optional[float] = ...,
            low_agl: Optional[float] = ..., timeout: float = ...) -> pd.DataFrame: ...
