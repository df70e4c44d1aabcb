"""`python -m crawler` and the `arshif` command: the command line, imported under a guard. A
^C or a stop signal in the second its imports take ends it with a line and the signal's
exit status, not a traceback of the imports (nor a kill by the signal's default action)."""

from __future__ import annotations

import os
import signal
import sys


def _stop(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signum)


def main() -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) != signal.SIG_IGN:  # (`nohup`: a hang-up stops nothing)
            signal.signal(sig, _stop)  # (crawler.cli.run sets the command's own)
    try:
        from crawler.cli import run
    except KeyboardInterrupt as stop:
        signum = stop.args[0] if stop.args else signal.SIGINT
        os.write(2, f"arshif: stopped ({signal.Signals(signum).name})\n".encode())
        sys.exit(128 + signum)
    run()


if __name__ == "__main__":
    main()
