#!/usr/bin/env python3
"""Peer reference for bench/bench_classic.cpp: scikit-learn fit times and test accuracy of
RandomForestClassifier (100 trees; n_jobs 1 and 2), GradientBoostingClassifier (100 stages) on
digits and SVC (rbf, gamma scale, C 1) on breast_cancer and digits.

Same split and scaling as the C++ side: the stratified train/test rows of
tests/fixtures/sklearn_parity/parity.json, features standardized with the training rows' mean and
population std. Each fit is repeated; the median and minimum wall times are printed, one JSON
line per task. Usage: peers_classic.py [REPO_ROOT] [--quick]
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.svm import SVC

ROOT = next((a for a in sys.argv[1:] if not a.startswith("--")),
            os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
QUICK = "--quick" in sys.argv


def load(name, split):
    path = os.path.join(ROOT, "resources", "datasets", name + ".csv")
    with open(path) as f:
        f.readline()
        rows = [line.rstrip("\n").split(",") for line in f if line.strip()]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    classes = sorted({r[-1] for r in rows})
    y = np.array([classes.index(r[-1]) for r in rows])
    train, test = np.array(split["train"]), np.array(split["test"])
    mu, sd = X[train].mean(axis=0), X[train].std(axis=0)
    sd[sd == 0] = 1.0
    X = (X - mu) / sd
    return X[train], y[train], X[test], y[test]


def main():
    warnings.filterwarnings("ignore")
    with open(os.path.join(ROOT, "tests", "fixtures", "sklearn_parity", "parity.json")) as f:
        splits = json.load(f)["datasets"]
    tasks = [
        ("random_forest_digits", "digits", 1, lambda: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0), 5),
        ("random_forest_digits", "digits", 2, lambda: RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0), 5),
        ("gradient_boosting_digits", "digits", 1, lambda: GradientBoostingClassifier(n_estimators=100, random_state=0), 3),
        ("kernel_svm_breast_cancer", "breast_cancer", 1, lambda: SVC(C=1.0, kernel="rbf", gamma="scale"), 50),
        ("kernel_svm_digits", "digits", 1, lambda: SVC(C=1.0, kernel="rbf", gamma="scale"), 20),
    ]
    data = {}
    for task, dataset, threads, make, repeats in tasks:
        if QUICK:
            repeats = 1
        if dataset not in data:
            data[dataset] = load(dataset, splits[dataset])
        Xtr, ytr, Xte, yte = data[dataset]
        times = []
        for _ in range(repeats):
            model = make()
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            times.append(time.perf_counter() - t0)
        acc = float((model.predict(Xte) == yte).mean())
        print(json.dumps({"bench": "classic", "impl": "scikit-learn " + sklearn.__version__,
                          "task": task, "threads": threads, "repeats": repeats,
                          "fit_s": round(float(np.median(times)), 6),
                          "fit_s_min": round(min(times), 6), "test_acc": round(acc, 4)}),
              flush=True)


if __name__ == "__main__":
    main()
