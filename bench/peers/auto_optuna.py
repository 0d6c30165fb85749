#!/usr/bin/python3
"""Peer of bench/auto_sampler.cpp: Optuna's default sampler (TPESampler with its defaults, as
optuna.create_study picks it) on the same functions and spaces: the best value after N trials,
per seed. Prints JSON lines.
Usage: auto_optuna.py [--seeds N] [--trials N] [--functions a,b,...]"""
import argparse
import json
import math
import time

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


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


def cube(t, dims, low, high):
    return [t.suggest_float("x%d" % (i + 1), low, high) for i in range(dims)]


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def ackley(x):
    n = len(x)
    sq = sum(v * v for v in x)
    cs = sum(math.cos(2 * math.pi * v) for v in x)
    return -20 * math.exp(-0.2 * math.sqrt(sq / n)) - math.exp(cs / n) + 20 + math.e


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def styblinski_tang(x):
    return 0.5 * sum(v ** 4 - 16 * v * v + 5 * v for v in x)


ACT = {"relu": 0.5, "tanh": 0.0, "sigmoid": 1.0, "gelu": 0.25}


def mixed(t):  # MakeTestFunction("mixed")
    lr = math.log10(t.suggest_float("lr", 1e-5, 1.0, log=True)) + 3
    units = math.log2(t.suggest_int("units", 4, 512, log=True)) - 7
    layers = t.suggest_int("layers", 1, 6) - 3
    act = ACT[t.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "gelu"])]
    dropout = t.suggest_float("dropout", 0.0, 0.5, step=0.05) - 0.2
    return lr * lr + 0.25 * units * units + 0.25 * layers * layers + act + 4 * dropout ** 2


def conditional(t):  # MakeTestFunction("conditional"), define-by-run in the space's order
    model = t.suggest_categorical("model", ["linear", "mlp", "forest"])
    if model == "linear":
        l2 = math.log10(t.suggest_float("l2", 1e-6, 1.0, log=True)) + 3
        branch = 0.6 + 0.1 * l2 * l2
    elif model == "mlp":
        layers = t.suggest_int("layers", 1, 4)
        units = math.log2(t.suggest_int("units", 8, 512, log=True)) - 6
        dropout = t.suggest_float("dropout", 0.0, 0.5) - 0.1 if layers >= 2 else 0.4
        branch = 0.25 * (layers - 2) ** 2 + 0.25 * units * units + 4 * dropout * dropout
    else:
        depth = t.suggest_int("depth", 2, 16) - 9
        features = t.suggest_float("features", 0.1, 1.0) - 0.5
        branch = 0.3 + 0.02 * depth * depth + features * features
    lr = math.log10(t.suggest_float("lr", 1e-5, 1.0, log=True)) + 2.5
    batch = math.log2(t.suggest_int("batch", 16, 512, log=True)) - 6
    return 0.5 * lr * lr + 0.1 * batch * batch + branch


ST_MIN = 0.5 * ((-2.903534027771178) ** 4 - 16 * (-2.903534027771178) ** 2 + 5 * -2.903534027771178)
FUNCTIONS = {  # label -> (objective, optimum), as bench/auto_sampler.cpp's kFunctions
    "branin": (lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15)),
               0.39788735772973816),
    "hartmann6": (lambda t: hartmann6(cube(t, 6, 0, 1)), -3.322368011415515),
    "styblinski_tang5": (lambda t: styblinski_tang(cube(t, 5, -5, 5)), 5 * ST_MIN),
    "rosenbrock4": (lambda t: rosenbrock(cube(t, 4, -5, 10)), 0.0),
    "ackley5": (lambda t: ackley(cube(t, 5, -32.768, 32.768)), 0.0),
    "rastrigin4": (lambda t: rastrigin(cube(t, 4, -5.12, 5.12)), 0.0),
    "mixed": (mixed, 0.0),
    "conditional": (conditional, 0.0),
}

parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=20)
parser.add_argument("--trials", type=int, default=100)
parser.add_argument("--functions", default="")
args = parser.parse_args()
only = set(args.functions.split(",")) if args.functions else None

for label, (fn, optimum) in FUNCTIONS.items():
    if only is not None and label not in only:
        continue
    best = []
    t0 = time.perf_counter()
    for seed in range(args.seeds):
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1000 + seed))
        study.optimize(fn, n_trials=args.trials)
        best.append(study.best_value)
    q1, med, q3 = np.percentile(best, [25, 50, 75])
    print(json.dumps({"bench": "auto_quality", "impl": "optuna", "sampler": "tpe (default)",
                      "function": label, "seeds": args.seeds, "trials": args.trials,
                      "optimum": optimum, "q1": q1, "median": med, "q3": q3, "best": best,
                      "seconds": round(time.perf_counter() - t0, 2)}), flush=True)
