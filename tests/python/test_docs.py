"""docs/python.md cannot rot: its ```python blocks run in order in one namespace from the
repository's root, and each block followed by a ```text block must print exactly that."""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import re
import unittest

SOURCE = pathlib.Path(os.environ["RECKON_SOURCE_DIR"])
DOC = SOURCE / "docs" / "python.md"

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(code, expected output or None) for each ```python block, in order."""
    fences = [(m.group(1), m.group(2)) for m in FENCE.finditer(markdown)]
    out = []
    for i, (lang, body) in enumerate(fences):
        if lang != "python":
            continue
        expected = fences[i + 1][1] if i + 1 < len(fences) and fences[i + 1][0] == "text" else None
        out.append((body, expected))
    return out


def normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


class DocsTest(unittest.TestCase):
    def test_the_worked_example_prints_what_the_doc_shows(self) -> None:
        found = blocks(DOC.read_text())
        self.assertGreaterEqual(len(found), 4, "docs/python.md has lost its worked example")
        self.assertTrue(any(expected for _, expected in found))
        namespace: dict[str, object] = {"__name__": "__docs__"}
        here = os.getcwd()
        os.chdir(SOURCE)
        try:
            for n, (code, expected) in enumerate(found, 1):
                printed = io.StringIO()
                with contextlib.redirect_stdout(printed):
                    exec(compile(code, f"{DOC}:block {n}", "exec"), namespace)  # noqa: S102
                if expected is not None:
                    self.assertEqual(normalised(printed.getvalue()), normalised(expected), f"block {n}")
        finally:
            os.chdir(here)


if __name__ == "__main__":
    unittest.main()
