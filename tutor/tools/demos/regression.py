"""Regression with scikit-learn: a straight line, a polynomial and a tree fitted to the same data."""
from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np

from tutor.tools.demos import data, plots
from tutor.tools.demos.classification import SUPERVISED
from tutor.tools.registry import DemoResult, Range, demo

LABELS = {"linear": "linear regression", "polynomial": "polynomial regression", "tree": "regression tree"}


def _curve(n_samples: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A wavy trend no straight line can follow."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, n_samples)
    return x[:, None], np.sin(1.5 * x) + 0.3 * x + rng.normal(0, noise, n_samples)


@demo(sections=(SUPERVISED,), phrases={
    "regression": 2, "regressor": 2, "regress": 2, "linear regression": 3, "polynomial": 3, "curve fitting": 3,
    "fit a curve": 3, "line fit": 2, "fit a line": 3, "straight line": 2, "line of best fit": 3, "house price": 2,
    "price": 1, "overfit": 1, "overfitting": 1, "underfitting": 1,
})
def regress(
    dataset: Literal["curve", "diabetes"] = "curve",
    degree: Annotated[int, Range(1, 12)] = 5,
    max_depth: Annotated[int, Range(1, 12)] = 4,
    n_samples: Annotated[int, Range(20, 5000)] = 200,
    noise: Annotated[float, Range(0.0, 2.0)] = 0.3,
    test_size: Annotated[float, Range(0.1, 0.5)] = 0.3,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Fit linear regression, polynomial regression and a regression tree to the same data.

    The data is a noisy synthetic curve or the bundled diabetes data; the test error is reported as R squared
    and mean squared error, with the fitted curves or predicted-versus-true values plotted.

    Args:
        dataset: A noisy synthetic curve, or the bundled diabetes data (10 features, 442 patients).
        degree: Degree of the polynomial (at most 2 on the ten diabetes features).
        max_depth: Depth limit of the regression tree.
        n_samples: Points on the synthetic curve.
        noise: Noise added to the synthetic curve.
        test_size: Share of the data held out for scoring.
        seed: Random seed, for repeatable results.
    """
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.metrics import mean_squared_error, r2_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler
    from sklearn.tree import DecisionTreeRegressor

    if dataset == "curve":
        X, y = _curve(n_samples, noise, seed)
    else:  # ten features: degree 3 would already make 286 terms for ~300 patients
        X, y = load_diabetes(return_X_y=True)
        degree = min(degree, 2)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=seed)
    models: dict[str, Any] = {
        "linear": LinearRegression(),
        # a whisper of ridge keeps high degrees numerically stable without changing the lesson
        "polynomial": make_pipeline(StandardScaler(), PolynomialFeatures(degree), StandardScaler(), Ridge(1e-3)),
        "tree": DecisionTreeRegressor(max_depth=max_depth, random_state=seed),
    }
    scores: dict[str, dict[str, float]] = {}
    for name, model in models.items():
        model.fit(X_train, y_train)
        pred = model.predict(X_test)
        scores[name] = {"r2": round(float(r2_score(y_test, pred)), 4),
                        "mse": round(float(mean_squared_error(y_test, pred)), 4),
                        "train_r2": round(float(model.score(X_train, y_train)), 4)}
    best = max(scores, key=lambda m: scores[m]["r2"])

    fig, (ax,) = plots.figure(width=6)
    if dataset == "curve":
        ax.scatter(X_train[:, 0], y_train, s=10, c="0.7", label="training points")
        ax.scatter(X_test[:, 0], y_test, s=12, c="k", label="test points")
        grid = np.linspace(X.min(), X.max(), 300)[:, None]
        for name, model in models.items():
            ax.plot(grid[:, 0], model.predict(grid), lw=2, label=f"{LABELS[name]} (test R² {scores[name]['r2']:.2f})")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    else:
        for name, model in models.items():
            ax.scatter(y_test, model.predict(X_test), s=12, alpha=0.7,
                       label=f"{LABELS[name]} (test R² {scores[name]['r2']:.2f})")
        ax.plot([y.min(), y.max()], [y.min(), y.max()], "k--", lw=1, label="perfect prediction")
        ax.set_xlabel("true disease progression")
        ax.set_ylabel("predicted")
    ax.legend(fontsize=8)
    ax.set_title(f"Three regressors on {dataset}")

    metrics = {"scores": scores, "best": best, "degree_used": degree, "n_train": len(y_train), "n_test": len(y_test),
               "n_features": int(X.shape[1])}
    overfit = max(scores, key=lambda m: scores[m]["train_r2"] - scores[m]["r2"])
    others = " and ".join(f"{LABELS[m]} ({scores[m]['r2']:.2f})" for m in models if m != best)
    explanation = (
        f"On {data.LABELS[dataset]}, {LABELS[best]} fitted best with a test R² of {scores[best]['r2']:.2f} "
        f"(1 is perfect, 0 is no better than guessing the average), ahead of {others}. "
        "A line can only follow a linear trend, a polynomial can bend, and a tree predicts in flat steps; "
        f"the {LABELS[overfit]} shows the largest gap between training and test score, a sign of overfitting. "
        "Linear and polynomial regression are the regression algorithms the document lists under supervised "
        "learning [1]."
    )
    return DemoResult(metrics, fig, explanation)
