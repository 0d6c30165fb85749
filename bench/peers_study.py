"""Optuna peer of bench_study's pruning benchmark: the same random search over a digits MLP
(lr log [1e-4, 0.3], width log int [8, 128], solver sgd|adam; 27 epochs, batch 64, 20% validation)
with scikit-learn's MLPClassifier trained by partial_fit, pruned by Optuna's MedianPruner
(n_warmup_steps 3) or HyperbandPruner (min 1, max 27). Prints one JSON line per pruner."""
import json
import sys
import time
import warnings

import numpy as np
import optuna
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)

csv, trials = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
data = np.loadtxt(csv, delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
classes = np.unique(y)
EPOCHS = 27

for name, pruner in [("none", optuna.pruners.NopPruner()),
                     ("median", optuna.pruners.MedianPruner(n_warmup_steps=3)),
                     ("hyperband", optuna.pruners.HyperbandPruner(min_resource=1,
                                                                  max_resource=EPOCHS))]:
    epochs = [0]

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-4, 0.3, log=True)
        width = trial.suggest_int("width", 8, 128, log=True)
        solver = trial.suggest_categorical("opt", ["sgd", "adam"])
        model = MLPClassifier(hidden_layer_sizes=(width,), solver=solver, learning_rate_init=lr,
                              batch_size=64, momentum=0.0, random_state=0)
        rng = np.random.RandomState(trial.number)
        acc = 0.0
        for epoch in range(1, EPOCHS + 1):
            order = rng.permutation(len(X_train))
            model.partial_fit(X_train[order], y_train[order], classes=classes)
            acc = model.score(X_val, y_val)
            epochs[0] += 1
            trial.report(acc, epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return acc

    study = optuna.create_study(direction="maximize", pruner=pruner,
                                sampler=optuna.samplers.RandomSampler(seed=0))
    start = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    pruned = sum(t.state == optuna.trial.TrialState.PRUNED for t in study.trials)
    print(json.dumps({"bench": "study_pruning_optuna", "pruner": name, "trials": trials,
                      "best_val_accuracy": round(study.best_value, 4), "total_epochs": epochs[0],
                      "pruned": pruned, "seconds": round(time.perf_counter() - start, 2)}))
    sys.stdout.flush()
