#!/usr/bin/python3
"""Peer of bench/search_samplers.cpp: Optuna's TPESampler (and RandomSampler) on the same
functions and spaces. Prints JSON lines. Usage: search_optuna.py [--quick]"""
import json
import math
import sys
import time

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import create_trial

optuna.logging.set_verbosity(optuna.logging.WARNING)
quick = "--quick" in sys.argv


def branin(x1, x2):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
     [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - 1e-4 * P[i][j]) ** 2 for j in range(6)))
                for i in range(4))


ACT = {"relu": 0.5, "tanh": 0.0, "sigmoid": 1.0, "gelu": 0.25}


def objective(name):
    if name == "branin":
        return lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15))
    if name == "hartmann6":
        return lambda t: hartmann6([t.suggest_float("x%d" % (i + 1), 0, 1) for i in range(6)])

    def mixed(t):  # the same space and function as MakeTestFunction("mixed")
        lr = math.log10(t.suggest_float("lr", 1e-5, 1.0, log=True)) + 3
        units = math.log2(t.suggest_int("units", 4, 512, log=True)) - 7
        layers = t.suggest_int("layers", 1, 6) - 3
        act = ACT[t.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "gelu"])]
        dropout = t.suggest_float("dropout", 0.0, 0.5, step=0.05) - 0.2
        return lr * lr + 0.25 * units * units + 0.25 * layers * layers + act + 4 * dropout ** 2
    return mixed


OPTIMA = {"branin": 0.397887, "hartmann6": -3.322368, "mixed": 0.0}

# Suggest latency with a history of random Branin trials.
for name, make in (("tpe", lambda: optuna.samplers.TPESampler(seed=2)),
                   ("random", lambda: optuna.samplers.RandomSampler(seed=2))):
    for n in (100, 1000):
        rng = np.random.RandomState(1)
        dists = {"x1": FloatDistribution(-5, 10), "x2": FloatDistribution(0, 15)}
        study = optuna.create_study(sampler=make())
        trials = []
        for _ in range(n):
            p = {"x1": float(rng.uniform(-5, 10)), "x2": float(rng.uniform(0, 15))}
            trials.append(create_trial(params=p, distributions=dists,
                                       value=branin(p["x1"], p["x2"])))
        study.add_trials(trials)
        reps = 10 if quick else 30
        t0 = time.perf_counter()
        c0 = time.process_time()
        for _ in range(reps):
            t = study.ask()
            t.suggest_float("x1", -5, 10)
            t.suggest_float("x2", 0, 15)
            study.tell(t, state=optuna.trial.TrialState.FAIL)  # keep the history size fixed
        ms = (time.perf_counter() - t0) * 1000 / reps
        cpu_ms = (time.process_time() - c0) * 1000 / reps
        print(json.dumps({"bench": "search_suggest", "impl": "optuna", "sampler": name,
                          "history": n, "ms_per_suggest": round(ms, 4),
                          "cpu_ms_per_suggest": round(cpu_ms, 4)}), flush=True)

seeds, n_trials = (5, 40) if quick else (20, 100)
for fn in ("branin", "hartmann6", "mixed"):
    best = []
    t0 = time.perf_counter()
    n_seeds = 50 if fn == "mixed" and not quick else seeds  # as search_samplers.cpp
    for seed in range(n_seeds):
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1000 + seed))
        study.optimize(objective(fn), n_trials=n_trials)
        best.append(study.best_value)
    q1, med, q3 = np.percentile(best, [25, 50, 75])
    print(json.dumps({"bench": "search_quality", "impl": "optuna", "sampler": "tpe",
                      "function": fn, "seeds": n_seeds, "trials": n_trials,
                      "optimum": OPTIMA[fn], "q1": q1, "median": med, "q3": q3,
                      "seconds": round(time.perf_counter() - t0, 2)}), flush=True)


# Multi-objective: hypervolume on ZDT1 (5 variables, reference (1.1, 1.1)), as search_samplers.cpp.
def zdt1(t):
    x = [t.suggest_float("x%d" % (i + 1), 0, 1) for i in range(5)]
    g = 1 + 9 * sum(x[1:]) / 4
    return x[0], g * (1 - math.sqrt(x[0] / g))


def hypervolume_2d(points, ref):
    pts = sorted(p for p in points if p[0] < ref[0] and p[1] < ref[1])
    hv, prev = 0.0, ref[1]
    for x, y in pts:
        if y < prev:
            hv += (ref[0] - x) * (prev - y)
            prev = y
    return hv


mo_seeds, mo_trials = (3, 60) if quick else (10, 150)
for name, make in (("tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                   ("nsga2", lambda s: optuna.samplers.NSGAIISampler(population_size=20, seed=s)),
                   ("random", lambda s: optuna.samplers.RandomSampler(seed=s))):
    hv = []
    t0 = time.perf_counter()
    for seed in range(mo_seeds):
        study = optuna.create_study(directions=["minimize", "minimize"], sampler=make(1000 + seed))
        study.optimize(zdt1, n_trials=mo_trials)
        hv.append(hypervolume_2d([t.values for t in study.trials], (1.1, 1.1)))
    q1, med, q3 = np.percentile(hv, [25, 50, 75])
    print(json.dumps({"bench": "search_mo_quality", "impl": "optuna", "sampler": name,
                      "function": "zdt1", "seeds": mo_seeds, "trials": mo_trials,
                      "optimal_hv": 1.21 - 1 / 3, "q1": q1, "median": med, "q3": q3,
                      "seconds": round(time.perf_counter() - t0, 2)}), flush=True)
