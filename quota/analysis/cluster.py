"""Dask clusters for the sweeps and sensitivity runs that outgrow one machine.

:func:`open_cluster` connects to a running scheduler (``tcp://host:8786``,
the command line's ``--scheduler``) or starts a local cluster of worker
processes on 127.0.0.1 (``--dask``), and returns a :class:`Cluster` whose
:attr:`~Cluster.executor` has the ``submit(fn, *args)`` that
:func:`quota.analysis.sensitivity.run_sensitivity` and
:func:`quota.analysis.sweep.run_sweep` take. Large arguments (a sensitivity
run's numbers) are sent to the cluster once, not once per batch.

Before anything runs on a scheduler, every worker is asked which version of
``quota`` it has: a worker without it, or with another version, stops the run
with exit code 2 naming the worker (results must not depend on where a point
ran). A sweep's workers read the street table themselves, so for a sweep each
worker is also asked for the SHA-256 of the data file at the scenario's path
(:meth:`ClusterExecutor.check_files`).

Dask is an optional extra (``pip install "quota[dask]"``); it is imported here
only when a cluster is opened. Without it, or when the scheduler cannot be
reached, the message says so and names the address (exit code 2). The local
cluster has no dashboard and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from quota.errors import InputError, Msg, QuotaError
from quota.locale import msg

#: seconds to wait for a scheduler to answer, and for its first worker
CONNECT_TIMEOUT = 10.0
#: ``tcp://host:port``, ``tls://host:port`` or ``host:port`` (IPv6 hosts in brackets)
_ADDRESS = re.compile(
    r"^(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$"
)
#: values passed to a task as they are; anything else is sent to the cluster once
_PLAIN = (int, float, str, bool, bytes, type(None))


def parse_address(address: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a scheduler address; ``tcp`` when none is written.

    Raises
    ------
    InputError
        Not of the form ``tcp://host:8786`` (or ``tls://``, or ``host:8786``).
    """
    found = _ADDRESS.match(address.strip())
    port = int(found.group(3)) if found else 0
    if found is None or not 0 < port < 65536:
        raise InputError(msg("analysis.cluster_bad_address", address=address))
    return found.group(1) or "tcp", found.group(2).strip("[]"), port


def import_distributed() -> Any:
    """The ``distributed`` package, or an error saying how to install it.

    Raises
    ------
    InputError
        Dask is not installed (``pip install "quota[dask]"``).
    """
    try:
        import distributed
    except ImportError:
        raise InputError(msg("analysis.cluster_missing")) from None
    return distributed


@dataclass
class ClusterExecutor:
    """``submit(fn, *args)`` on a Dask client; large arguments are sent to the cluster once.

    Attributes
    ----------
    client : distributed.Client
        The connection.
    description : str
        ``dask:tcp://host:8786`` or ``dask:local:<workers>`` (manifests say where a run ran).
    workers : int
        Workers when the cluster was opened (runs cut their work into about
        four batches per worker).
    remote : bool
        True for a scheduler given by address: its workers may not see this
        machine's files.
    """

    client: Any
    description: str
    workers: int
    remote: bool = False
    _shared: dict[int, tuple[Any, Any]] = field(default_factory=dict, repr=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn(*args, **kwargs)`` on a worker; a future with ``result()``."""
        shared = [self._share(value) for value in args]
        return self.client.submit(fn, *shared, pure=False, **kwargs)

    def _share(self, value: Any) -> Any:
        if isinstance(value, _PLAIN):
            return value
        key = id(value)
        if key not in self._shared:
            # kept with its future: the id stays this object's while the executor lives
            self._shared[key] = (value, self.client.scatter(value, hash=False))
        return self._shared[key][1]

    def check_files(self, paths: Iterable[str | Path], what: str | Msg = "") -> None:
        """Check that every worker reads the same bytes at each of ``paths``.

        Only for a scheduler given by address (a local cluster shares this
        machine's files).

        Raises
        ------
        InputError
            A worker cannot read a file, or has other bytes there: the worker,
            the path and the reason are named.
        """
        if not self.remote:
            return
        from quota.io.files import hash_file

        problems: list[str | Msg] = []
        for path in dict.fromkeys(str(p) for p in paths):
            here = hash_file(Path(path))
            answers = self.client.run(read_file_digest, path, on_error="return")
            for worker, answer in sorted(answers.items()):
                if isinstance(answer, BaseException) or not isinstance(answer, str):
                    problems.append(
                        msg(
                            "analysis.cluster_file_unreadable",
                            worker=worker,
                            path=path,
                            reason=answer,
                        )
                    )
                elif answer.startswith("!"):
                    problems.append(
                        msg(
                            "analysis.cluster_file_unreadable",
                            worker=worker,
                            path=path,
                            reason=answer[1:],
                        )
                    )
                elif answer != here:
                    problems.append(msg("analysis.cluster_file_differs", worker=worker, path=path))
        if problems:
            raise InputError(problems)

    def forget(self) -> None:
        """Release what was sent to the cluster."""
        self._shared.clear()


def read_file_digest(path: str) -> str:
    """On a worker: the SHA-256 of the file at ``path``, or ``!`` and why it cannot be read."""
    from quota.errors import QuotaError as Problem
    from quota.io.files import hash_file

    try:
        return hash_file(Path(path))
    except Problem as exc:
        return "!" + "; ".join(exc.render("en"))
    except OSError as exc:
        return "!" + (exc.strerror or type(exc).__name__)


@dataclass
class Cluster:
    """An open cluster: its executor, and what to close (use it as a context manager).

    Attributes
    ----------
    executor : ClusterExecutor
        Pass it to ``run_sensitivity(..., executor=)`` or ``run_sweep``.
    address : str
        The scheduler's address.
    """

    executor: ClusterExecutor
    address: str
    _local: Any = None

    @property
    def workers(self) -> int:
        """Workers when the cluster was opened."""
        return self.executor.workers

    def close(self) -> None:
        """Close the connection, and the local cluster if this started one."""
        self.executor.forget()
        with contextlib.suppress(Exception):
            self.executor.client.close()
        if self._local is not None:
            with contextlib.suppress(Exception):
                self._local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _reach(address: str, host: str, port: int, timeout: float) -> None:
    """Fail fast, with the system's reason, when nothing listens at the address."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise InputError(
            msg("analysis.cluster_unreachable", address=address, reason=reason)
        ) from None


def _check_versions(client: Any, address: str) -> None:
    """Every worker has this machine's version of quota, or the run stops naming the workers."""
    from importlib import metadata

    try:
        here = metadata.version("quota")
    except metadata.PackageNotFoundError:
        here = None
    answers = client.run(metadata.version, "quota", on_error="return")
    problems: list[str | Msg] = []
    for worker, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            problems.append(msg("analysis.cluster_worker_without_quota", worker=worker, here=here))
        elif answer != here:
            problems.append(
                msg("analysis.cluster_worker_version", worker=worker, version=answer, here=here)
            )
    if problems:
        raise InputError([*problems, msg("analysis.cluster_same_version", address=address)])


def connect_cluster(address: str, *, timeout: float = CONNECT_TIMEOUT) -> Cluster:
    """Connect to a running scheduler and check its workers.

    Parameters
    ----------
    address : str
        ``tcp://host:8786`` (``dask scheduler`` prints it).
    timeout : float
        Seconds to wait for the scheduler, and for its first worker [s].

    Raises
    ------
    InputError
        Dask is not installed; the address is malformed or cannot be reached;
        the scheduler has no worker; a worker lacks this version of quota.
    """
    scheme, host, port = parse_address(address)
    distributed = import_distributed()
    shown = f"{scheme}://{host if ':' not in host else '[' + host + ']'}:{port}"
    _reach(shown, host, port, timeout)
    try:
        client = distributed.Client(shown, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            msg("analysis.cluster_unreachable", address=shown, reason=str(exc))
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            raise InputError(msg("analysis.cluster_no_workers", address=shown)) from None
        _check_versions(client, shown)
        workers = len(client.scheduler_info().get("workers", {}))
    except BaseException:
        with contextlib.suppress(Exception):
            client.close()
        raise
    executor = ClusterExecutor(client, f"dask:{shown}", max(workers, 1), remote=True)
    return Cluster(executor=executor, address=shown)


def start_local_cluster(workers: int | None = None) -> Cluster:
    """Start a Dask cluster of worker processes on this machine (127.0.0.1, no dashboard).

    Parameters
    ----------
    workers : int, optional
        Worker processes, one thread each (default: the usable CPU cores).

    Raises
    ------
    InputError
        Dask is not installed.
    QuotaError
        The cluster could not start (exit code 1), with the reason.
    """
    from quota.analysis.sensitivity_draws import count_workers

    distributed = import_distributed()
    n = workers or count_workers()
    try:
        with warnings.catch_warnings():
            # without a dashboard the scheduler still answers health checks over HTTP, on
            # 127.0.0.1; when its usual port is taken it says so and takes another
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            local = distributed.LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = distributed.Client(local, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - any failure to start is said in words
        raise QuotaError(msg("analysis.cluster_local_failed", reason=str(exc))) from exc
    executor = ClusterExecutor(client, f"dask:local:{n}", n, remote=False)
    return Cluster(executor=executor, address=str(local.scheduler_address), _local=local)


def open_cluster(
    scheduler: str | None = None,
    *,
    local: bool = False,
    workers: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> Cluster:
    """A cluster to run on: the scheduler at ``scheduler``, or a local one.

    Parameters
    ----------
    scheduler : str, optional
        A running scheduler's address (``tcp://host:8786``).
    local : bool
        Start a local cluster instead (``workers`` processes).
    workers : int, optional
        Processes of the local cluster (default: the usable CPU cores).
    timeout : float
        Seconds to wait for a scheduler [s].

    Returns
    -------
    Cluster
        Close it (``with open_cluster(...) as cluster:``).

    Examples
    --------
    >>> with open_cluster("tcp://10.0.0.5:8786") as cluster:
    ...     result = run_sensitivity(path, 100_000, seed=1, executor=cluster.executor,
    ...                              workers=cluster.workers)
    """
    if scheduler is not None and local:
        raise InputError(msg("analysis.cluster_both"))
    if scheduler is not None:
        return connect_cluster(scheduler, timeout=timeout)
    if local:
        return start_local_cluster(workers)
    raise InputError(msg("analysis.cluster_none"))


__all__ = [
    "CONNECT_TIMEOUT",
    "Cluster",
    "ClusterExecutor",
    "connect_cluster",
    "import_distributed",
    "open_cluster",
    "parse_address",
    "read_file_digest",
    "start_local_cluster",
]
