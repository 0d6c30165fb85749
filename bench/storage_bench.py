"""PostgreSQL study storage, ours and Optuna 3.1's RDBStorage on the same throwaway server, in the
same invocation (bench/storage.sh starts the server and passes its URL). Prints JSON lines.

overhead: per-trial storage overhead. One process runs N trials of Branin with a random sampler,
    once with in-memory storage and once with PostgreSQL; overhead = (t_postgres - t_memory) / N.
    Ours: `optiscope-cli study run` (the process start is in both runs, so it cancels). Optuna:
    study.optimize in this process, InMemoryStorage vs RDBStorage (SQLAlchemy + psycopg2).
scaling: 1, 2, 4, 8 worker processes on one study of T trials, with two objectives of 50 ms:
    "command" runs `sh -c "sleep 0.05; echo X"` as a child process (two program starts per trial:
    about 10 ms of CPU on the 2-core reference machine, so 8 workers are CPU-bound there), and
    "sleep" waits 50 ms in the worker (ours: a test function with "sleep_s": 0.05; Optuna:
    time.sleep(0.05)), so that only the storage and the study loop use the cores. Trials/s = T / (seconds from launching the workers
    until the T-th trial is complete, polled every 10 ms in the database); the speed-up is against
    1 worker. Ours: K x `optiscope-cli study run SPEC --storage URL` (they join one study by name;
    the budget is reserved atomically). Optuna: K Python processes, create_study(load_if_exists)
    + MaxTrialsCallback(T). Each run gets a fresh database.

Usage: storage_bench.py CLI URL [overhead_trials] [scaling_trials]
  URL: the server as a libpq URI, postgresql:///DB?host=SOCKET_DIR&user=USER (pg-throwaway's)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

import psycopg2

CLI, URL = sys.argv[1], sys.argv[2]
OVERHEAD_TRIALS = int(sys.argv[3]) if len(sys.argv) > 3 else 300
SCALING_TRIALS = int(sys.argv[4]) if len(sys.argv) > 4 else 400
PY = "/usr/bin/python3"

query = urllib.parse.parse_qs(urllib.parse.urlparse(URL).query)
HOST, USER = query["host"][0], query["user"][0]
BASE_DB = urllib.parse.urlparse(URL).path.lstrip("/")
WORK = tempfile.mkdtemp(prefix="optiscope-storage-bench-")


def ours_url(db):
    return f"postgresql:///{db}?host={HOST}&user={USER}"


def optuna_url(db):
    return f"postgresql+psycopg2://{USER}@/{db}?host={HOST}"


def connect(db):
    return psycopg2.connect(host=HOST, user=USER, dbname=db)


def fresh_database(name):
    conn = connect(BASE_DB)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {name}")
    conn.close()
    return name


def drop_database(name):
    conn = connect(BASE_DB)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    conn.close()


def write_spec(name, spec):
    path = os.path.join(WORK, name + ".json")
    with open(path, "w") as f:
        json.dump(spec, f)
    return path


def run_cli(args):
    subprocess.run([CLI] + args, check=True, stdout=subprocess.DEVNULL)


# ---- overhead ----
def ours_overhead(n):
    db = fresh_database("bench_ours_overhead")
    run_cli(["study", "run", write_spec("warm", {
        "name": "warm", "sampler": {"type": "random", "seed": 0}, "n_trials": 1,
        "objective": {"function": "branin"}}), "--storage", ours_url(db), "--json"])
    times = {}
    for storage in ("memory", "postgresql"):
        spec = write_spec(f"overhead-{storage}", {
            "name": f"overhead-{storage}", "sampler": {"type": "random", "seed": 0},
            "n_trials": n, "objective": {"function": "branin"}})
        url = "memory" if storage == "memory" else ours_url(db)
        start = time.perf_counter()
        run_cli(["study", "run", spec, "--storage", url, "--json"])
        times[storage] = time.perf_counter() - start
    drop_database(db)
    return times


def optuna_overhead(n):
    import math
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def branin(trial):
        x1 = trial.suggest_float("x1", -5, 10)
        x2 = trial.suggest_float("x2", 0, 15)
        b, c = 5.1 / (4 * math.pi ** 2), 5 / math.pi
        return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10

    db = fresh_database("bench_optuna_overhead")
    rdb = optuna.storages.RDBStorage(optuna_url(db))
    optuna.create_study(study_name="warm", storage=rdb).optimize(branin, n_trials=1)
    times = {}
    for storage_name, storage in (("memory", optuna.storages.InMemoryStorage()), ("postgresql", rdb)):
        study = optuna.create_study(study_name=f"overhead-{storage_name}", storage=storage,
                                    sampler=optuna.samplers.RandomSampler(seed=0))
        start = time.perf_counter()
        study.optimize(branin, n_trials=n)
        times[storage_name] = time.perf_counter() - start
    del rdb
    drop_database(db)
    return times


# ---- scaling ----
OPTUNA_WORKER = r"""
import subprocess, sys, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
import time
url, name, total, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def objective(trial):
    x = trial.suggest_float("x", 0, 1)
    if kind == "sleep":
        time.sleep(0.05)
        return x
    out = subprocess.run(["sh", "-c", "sleep 0.05; echo %r" % x], capture_output=True, text=True)
    return float(out.stdout.split()[-1])
study = optuna.create_study(study_name=name, storage=url, load_if_exists=True,
                            sampler=optuna.samplers.RandomSampler())
study.optimize(objective, callbacks=[optuna.study.MaxTrialsCallback(total, states=None)])
"""


def timed_workers(commands, db, count_sql, total):
    conn = connect(db)
    conn.autocommit = True
    start = time.perf_counter()
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL) for c in commands]
    done_at = None
    while done_at is None:
        time.sleep(0.01)
        try:
            with conn.cursor() as cur:
                cur.execute(count_sql)
                if cur.fetchone()[0] >= total:
                    done_at = time.perf_counter()
        except psycopg2.Error:
            conn.rollback()  # the tables are not there yet
        if done_at is None and all(p.poll() is not None for p in procs):
            done_at = time.perf_counter()  # the workers ended early: counted below
    for p in procs:
        p.wait()
    exited_at = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute(count_sql)
        complete = cur.fetchone()[0]
    conn.close()
    return done_at - start, exited_at - start, complete


def scaling(side, workers, total, kind):
    db = fresh_database(f"bench_{side}_scale_{workers}")
    if side == "ours":
        # The schema exists before the clock starts (Optuna's create_all runs in its workers).
        run_cli(["study", "list", "--storage", ours_url(db)])
        if kind == "sleep":  # the test function's own space
            body = {"objective": {"function": "branin", "sleep_s": 0.05}}
        else:
            body = {"space": {"x": {"type": "float", "low": 0, "high": 1}},
                    "objective": {"command": ["sh", "-c", "sleep 0.05; echo {x}"],
                                  "direction": "minimize"}}
        spec = write_spec("scale", {
            "name": "scale", "sampler": {"type": "random", "seed": 0}, "n_trials": total,
            **body})
        commands = [[CLI, "study", "run", spec, "--storage", ours_url(db), "--json"]] * workers
        count_sql = "SELECT count(*) FROM optiscope.trials WHERE state = 'complete'"
    else:
        import optuna
        optuna.storages.RDBStorage(optuna_url(db))  # creates its tables
        script = os.path.join(WORK, "optuna_worker.py")
        with open(script, "w") as f:
            f.write(OPTUNA_WORKER)
        commands = [[PY, script, optuna_url(db), "scale", str(total), kind]] * workers
        count_sql = "SELECT count(*) FROM trials WHERE state = 'COMPLETE'"
    to_total, to_exit, complete = timed_workers(commands, db, count_sql, total)
    drop_database(db)
    return to_total, to_exit, complete


def ours_calls(n):
    """bench_storage: the store calls of n trials without a study loop, memory and PostgreSQL."""
    exe = os.path.join(os.path.dirname(os.path.dirname(CLI)), "bench", "bench_storage")
    db = fresh_database("bench_ours_calls")
    out = {}
    for storage, url in (("memory", "memory"), ("postgresql", ours_url(db))):
        line = subprocess.run([exe, url, "--trials", str(n)], check=True, capture_output=True,
                              text=True).stdout
        out[storage] = json.loads(line)["ms_per_trial"]
    drop_database(db)
    return out


def main():
    n = OVERHEAD_TRIALS
    calls = ours_calls(n)
    print(json.dumps({"bench": "storage_calls", "trials": n,
                      "ours_memory_ms_per_trial": calls["memory"],
                      "ours_postgresql_ms_per_trial": calls["postgresql"]}), flush=True)
    ours = ours_overhead(n)
    peer = optuna_overhead(n)
    ours_ms = (ours["postgresql"] - ours["memory"]) / n * 1000
    peer_ms = (peer["postgresql"] - peer["memory"]) / n * 1000
    print(json.dumps({"bench": "storage_overhead", "trials": n,
                      "ours_memory_s": round(ours["memory"], 3),
                      "ours_postgresql_s": round(ours["postgresql"], 3),
                      "ours_ms_per_trial": round(ours_ms, 3),
                      "optuna_memory_s": round(peer["memory"], 3),
                      "optuna_postgresql_s": round(peer["postgresql"], 3),
                      "optuna_ms_per_trial": round(peer_ms, 3),
                      "ratio": round(peer_ms / max(ours_ms, 1e-6), 1)}), flush=True)
    total = SCALING_TRIALS
    for kind in ("command", "sleep"):
        base = {}
        for workers in (1, 2, 4, 8):
            line = {"bench": "storage_scaling", "objective": kind, "workers": workers,
                    "trials": total}
            for side in ("ours", "optuna"):
                to_total, to_exit, complete = scaling(side, workers, total, kind)
                rate = min(complete, total) / to_total
                base.setdefault(side, rate)
                line[f"{side}_trials_per_s"] = round(rate, 2)
                line[f"{side}_speedup"] = round(rate / base[side], 2)
                line[f"{side}_complete"] = complete
                line[f"{side}_s_to_last_exit"] = round(to_exit, 2)
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
