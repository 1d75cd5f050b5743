"""`book serve`'s PDF build, in a process of its own: python -m builder.serve.pdf_worker ROOT.

WeasyPrint is imported here and never in the server, whose threads a fork would copy
half-way; the server starts this as a new program. It runs at a lower priority, so that
laying out the pages never slows the preview the author is looking at.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from pathlib import Path

from builder import pipeline
from builder.errors import BookError, BookWarning


def _stop(signum: int, frame: object) -> None:
    # Unwinds like an error, so the half-written temporary PDF is removed (output.py).
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _stop)
    os.nice(10)
    try:
        with warnings.catch_warnings():
            # The preview has shown them already.
            warnings.simplefilter("ignore", BookWarning)
            pipeline.build(Path(argv[0]), ("pdf",))
    except BookError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
