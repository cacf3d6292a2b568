import os
from datetime import date
from typing import Any, Callable, Dict, Iterable, Optional, Sequence, Union

Location = Union[str, os.PathLike[str]]
BatchCallback = Callable[[Dict[str, Any]], None]

def extract_corpus(client: Any, paths: Union[Location, Iterable[Location]], *, db: Optional[Location] = ...,
                   out: Optional[Location] = ..., format: str = ..., published: Union[None, str, date] = ...,
                   entities: Optional[Location] = ..., batch: int = ..., retries: int = ..., progress: bool = ...,
                   on_batch: Optional[BatchCallback] = ...) -> Dict[str, Any]: ...
def adsb_flights_archive(client: Any, paths: Union[Location, Iterable[Location]], *, out: Location,
                         airports: Location, aircraft: Optional[Location] = ...,
                         operators: Optional[Location] = ..., watch: Optional[Location] = ...,
                         format: str = ..., messages: bool = ..., batch: int = ..., retries: int = ...,
                         progress: bool = ..., on_batch: Optional[BatchCallback] = ...,
                         max_gap: Optional[float] = ..., max_bridge: Optional[float] = ...,
                         airport_radius: Optional[float] = ..., low_agl: Optional[float] = ...) -> Dict[str, Any]: ...
def main(argv: Optional[Sequence[str]] = ...) -> int: ...
