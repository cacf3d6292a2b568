import os
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional, Union

import pandas as pd

from . import adsb as adsb
from .errors import Error as Error, InputError as InputError, StoreError as StoreError, UsageError as UsageError

Document = Union[str, os.PathLike[str]]

def extract(source: Union[Document, Iterable[Document]], published: Union[None, str, date] = ...,
            entities: Union[None, str, os.PathLike[str]] = ..., name: Optional[str] = ...) -> pd.DataFrame: ...

@dataclass
class Estimate:
    production: pd.DataFrame
    diagnostics: pd.DataFrame
    contracts: pd.DataFrame
    sources: pd.DataFrame
    learning_curve: pd.DataFrame
    claims: pd.DataFrame
    summary: str
    json: dict

def estimate(programme: Union[str, os.PathLike[str]], *, db: Union[None, str, os.PathLike[str]] = ...,
             chains: int = ..., warmup: int = ..., draws: int = ..., seed: int = ..., threads: int = ...) -> Estimate: ...

Location = Union[str, os.PathLike[str]]

def ingest(paths: Union[Location, Iterable[Location]], db: Location, published: Union[None, str, date] = ...,
           entities: Union[None, str, os.PathLike[str]] = ...) -> dict: ...
def claims(db: Location, *, metric: Optional[str] = ..., subject: Optional[str] = ...,
           events: bool = ...) -> pd.DataFrame: ...
