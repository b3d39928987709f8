"""Run one `airflow` CLI command and leave without the interpreter's teardown.

`airflow dags test` runs every task in its own process, so at the end that process holds Airflow, dbt, Great
Expectations, pandas and DuckDB at once; Python's shutdown then frees their millions of objects one by one and
clears every module, which took 1.3-2 s on the 2-core machine (BENCHMARKS.md) after the run had finished and been
recorded. This wrapper runs the command exactly as the `airflow` entry point does, then runs the atexit handlers
(Airflow's ORM disposal, log flushing), flushes stdout/stderr and ends the process with the command's exit status,
skipping only the teardown. Used by scripts/airflow.sh for the one-shot commands (`test`, `dag`).

    python scripts/airflow_oneshot.py dags test mercury_nightly [ARGS]
"""

from __future__ import annotations

import atexit
import os
import sys
import traceback


def exit_status(code: object) -> int:
    """The process exit status `sys.exit(code)` would give."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message") prints the message and exits with 1
    return 1


def main() -> None:
    from airflow.__main__ import main as airflow_main

    sys.argv[0] = "airflow"
    try:
        airflow_main()
        status = 0
    except SystemExit as stop:
        status = exit_status(stop.code)
    except BaseException:  # what the interpreter would print before exiting with 1
        traceback.print_exc()
        status = 1
    atexit._run_exitfuncs()  # logging.shutdown among them
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
