#!/usr/bin/env python3
"""Times reference GBDTs on exactly the folds, rows and features that bench/gbdt.ts used.

Usage: /usr/bin/python3 bench/xgb_time.py SPEC.json
SPEC (written by bench/gbdt.ts): {csv, keep (kept row indices or null), features: [{name, type:
'num'|'cat'}], task, nClasses, y (class index or value per kept row), folds (fold id per kept row),
models: [{name: 'xgb'|'hgb', params: {...}}], threads}.
Categories are ordinal-coded (sorted labels, missing → NaN), as BASELINES.md does for XGBoost.
Prints one JSON line per model: {name, fit_s, metrics}. Needs python3-xgboost python3-sklearn
python3-pandas (Debian).
"""
import json, sys, time
import numpy as np, pandas as pd


def load(spec):
    names = [f["name"] for f in spec["features"]]
    df = pd.read_csv(spec["csv"], usecols=names, low_memory=False)
    if spec.get("keep") is not None:
        df = df.iloc[np.asarray(spec["keep"], dtype=np.int64)].reset_index(drop=True)
    cols = []
    for f in spec["features"]:
        s = df[f["name"]]
        if f["type"] == "cat":
            mask = s.notna()
            labels = s[mask].astype(str)
            cats = np.sort(labels.unique())
            codes = np.full(len(s), np.nan)
            codes[mask.to_numpy()] = np.searchsorted(cats, labels.to_numpy())
            cols.append(codes)
        else:
            if s.dtype == bool:
                s = s.astype(float)
            cols.append(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float))
    return np.column_stack(cols).astype(np.float64)


def model(name, task, n_classes, params, threads):
    if name == "xgb":
        import xgboost as xgb
        kw = dict(tree_method="hist", n_jobs=threads, random_state=0, **params)
        return xgb.XGBRegressor(**kw) if task == "regression" else xgb.XGBClassifier(**kw)
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    cls = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
    return cls(random_state=0, **params)


def metrics(task, y, pred):
    if task == "regression":
        err = pred[:, 0] - y
        return {"rmse": float(np.sqrt(np.mean(err ** 2))), "r2": float(1 - np.sum(err ** 2) / np.sum((y - y.mean()) ** 2))}
    yi = y.astype(int)
    out = {"accuracy": float(np.mean(pred.argmax(1) == yi))}
    if task == "binary":
        from sklearn.metrics import roc_auc_score
        out["auc"] = float(roc_auc_score(yi, pred[:, 1]))
    p = np.clip(pred[np.arange(len(yi)), yi], 1e-15, 1 - 1e-15)
    out["log_loss"] = float(-np.mean(np.log(p)))
    return out


def main():
    spec = json.load(open(sys.argv[1]))
    X = load(spec)
    y = np.asarray(spec["y"], dtype=float)
    folds = np.asarray(spec["folds"], dtype=int)
    task = spec["task"]
    k = 1 if task == "regression" else spec["nClasses"]
    cat_mask = np.array([f["type"] == "cat" for f in spec["features"]])
    for m in spec["models"]:
        params = dict(m.get("params", {}))
        if m["name"] == "hgb" and cat_mask.any():
            params["categorical_features"] = cat_mask
        pred = np.full((len(y), k), np.nan)
        fit_s = 0.0
        for f in sorted(set(folds.tolist())):
            te = folds == f
            tr = ~te
            est = model(m["name"], task, k, params, spec.get("threads", 2))
            t0 = time.perf_counter()
            est.fit(X[tr], y[tr] if task == "regression" else y[tr].astype(int))
            fit_s += time.perf_counter() - t0
            pred[te] = est.predict(X[te])[:, None] if task == "regression" else est.predict_proba(X[te])
        scored = ~np.isnan(pred[:, 0])
        print(json.dumps({"name": m["name"], "fit_s": fit_s, "metrics": metrics(task, y[scored], pred[scored])}), flush=True)


main()
