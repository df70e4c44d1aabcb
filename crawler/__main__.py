"""`python -m crawler` and the `arshif` command: the command line, imported under a guard. A
^C or a stop signal in the second its imports take ends it with a line and the signal's
exit status, not a traceback of the imports (nor a kill by the signal's default action)."""

from __future__ import annotations

import signal
import sys

from crawler.stops import Stopped, exit_on_stops, say_stopped


def main() -> None:
    exit_on_stops()
    try:
        from crawler.cli import run
    except Stopped as stop:
        sys.exit(say_stopped(stop.signum))
    except KeyboardInterrupt:
        sys.exit(say_stopped(signal.SIGINT))
    run()


if __name__ == "__main__":
    main()
