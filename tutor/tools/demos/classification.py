"""Supervised classification with scikit-learn: one model on one data set, or several compared."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from tutor.tools.demos import data, plots
from tutor.tools.registry import DemoResult, Len, Range, demo

SUPERVISED = "What is Machine Learning? > Types of Machine Learning > Supervised Learning"
INTERPRETABLE = "Key Differences Between Machine Learning and Deep Learning > Interpretability > Machine Learning"
EVALUATION = ("Learning Path: Machine Learning vs. Deep Learning > Learning Path for Machine Learning > "
              "Step 5: Learn Model Evaluation and Hyperparameter Tuning")

Model = Literal["logreg", "tree", "forest", "svm", "knn", "naive_bayes", "gboost", "mlp"]
MODEL_LABELS = {
    "logreg": "logistic regression", "tree": "decision tree", "forest": "random forest",
    "svm": "support vector machine", "knn": "k-nearest-neighbours classifier", "naive_bayes": "naive Bayes",
    "gboost": "gradient boosting", "mlp": "small neural network (scikit-learn MLP)",
}
# the words that route a message here; a model's name also picks that model ("a random forest on wine")
CLASSIFY_PHRASES = {
    "classif": 2, "classifier": 2, "classification": 2, "classify": 2,
    "logistic regression": (3, {"model": "logreg"}), "logreg": (3, {"model": "logreg"}),
    "decision tree": (3, {"model": "tree"}), "tree": (2, {"model": "tree"}),
    "random forest": (3, {"model": "forest"}), "forest": (2, {"model": "forest"}),
    "svm": (3, {"model": "svm"}), "support vector": (3, {"model": "svm"}),
    "support vector machine": (3, {"model": "svm"}), "svc": (3, {"model": "svm"}),
    "knn": (3, {"model": "knn"}), "k nn": (3, {"model": "knn"}), "nearest neighbor": (3, {"model": "knn"}),
    "nearest neighbour": (3, {"model": "knn"}), "k nearest neighbor": (3, {"model": "knn"}),
    "k nearest neighbour": (3, {"model": "knn"}),
    "naive bayes": (3, {"model": "naive_bayes"}), "bayes": (2, {"model": "naive_bayes"}),
    "gradient boosting": (3, {"model": "gboost"}), "boosting": (3, {"model": "gboost"}),
    "boosted tree": (3, {"model": "gboost"}), "boosted": (2, {"model": "gboost"}), "xgboost": (3, {"model": "gboost"}), "gbm": (3, {"model": "gboost"}),
    "spam": 1, "decision boundary": 2, "boundary": 1, "separate": 1,
}


def make_model(name: str, *, max_depth: int = 4, n_estimators: int = 100, n_neighbors: int = 5,
               seed: int = 0) -> Any:
    """A scikit-learn estimator; models that compare distances get their features standardised first."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    models = {
        "logreg": lambda: LogisticRegression(max_iter=2000),
        "tree": lambda: DecisionTreeClassifier(max_depth=max_depth, random_state=seed),
        "forest": lambda: RandomForestClassifier(n_estimators=n_estimators, random_state=seed, n_jobs=1),
        "svm": lambda: SVC(),
        "knn": lambda: KNeighborsClassifier(n_neighbors=n_neighbors),
        "naive_bayes": lambda: GaussianNB(),
        # the histogram variant: the classic one needs many seconds on ten-class digits
        "gboost": lambda: HistGradientBoostingClassifier(max_iter=n_estimators, random_state=seed),
        "mlp": lambda: MLPClassifier((32, 32), max_iter=600, random_state=seed),
    }
    model = models[name]()
    return make_pipeline(StandardScaler(), model) if name in ("logreg", "svm", "knn", "mlp") else model


def _split(X: Any, y: Any, test_size: float, seed: int) -> tuple[Any, Any, Any, Any]:
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)


def _scores(model: Any, X_test: Any, y_test: Any) -> tuple[float, float, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    pred = model.predict(X_test)
    return (float(accuracy_score(y_test, pred)), float(f1_score(y_test, pred, average="macro")),
            confusion_matrix(y_test, pred))


@demo(sections=(SUPERVISED, INTERPRETABLE), phrases=CLASSIFY_PHRASES)
def classify(
    dataset: data.ClassData = "iris",
    model: Model = "tree",
    max_depth: Annotated[int, Range(1, 20)] = 4,
    n_estimators: Annotated[int, Range(1, 300)] = 100,
    n_neighbors: Annotated[int, Range(1, 50)] = 5,
    n_samples: Annotated[int, Range(50, 5000)] = 300,
    noise: Annotated[float, Range(0.0, 0.5)] = 0.25,
    test_size: Annotated[float, Range(0.1, 0.5)] = 0.3,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Train one classifier (scikit-learn) on a small data set and score it on held-out data.

    Reports accuracy, F1 and a confusion matrix, or draws the decision boundary for two-dimensional data
    (moons, circles, blobs).

    Args:
        dataset: Bundled (iris, wine, breast_cancer, digits) or generated (moons, circles, blobs) data.
        model: The classifier: logistic regression, decision tree, random forest, SVM, k-NN, naive Bayes,
            gradient boosting or a small neural network.
        max_depth: Deepest chain of questions the decision tree may ask.
        n_estimators: Trees in the random forest or boosting rounds.
        n_neighbors: Neighbours k-NN votes with.
        n_samples: Points to generate (generated data sets only).
        noise: How much the generated classes overlap.
        test_size: Share of the data held out for scoring.
        seed: Random seed, for repeatable results.
    """
    X, y, classes = data.load(dataset, n_samples, noise, seed)
    X_train, X_test, y_train, y_test = _split(X, y, test_size, seed)
    clf = make_model(model, max_depth=max_depth, n_estimators=n_estimators, n_neighbors=n_neighbors, seed=seed)
    clf.fit(X_train, y_train)
    accuracy, f1, matrix = _scores(clf, X_test, y_test)
    metrics: dict[str, Any] = {
        "accuracy": round(accuracy, 4), "f1_macro": round(f1, 4),
        "train_accuracy": round(float(clf.score(X_train, y_train)), 4),
        "confusion_matrix": matrix.tolist(), "classes": classes,
        "n_train": len(y_train), "n_test": len(y_test), "n_features": int(X.shape[1]),
    }
    label = MODEL_LABELS[model]
    fig, (ax,) = plots.figure()
    if X.shape[1] == 2:
        plots.decision_boundary(ax, clf.predict, X, y, f"{label} on {dataset}: accuracy {accuracy:.0%}")
        picture = "The plot shades the region each class gets, so you can see the boundary it drew."
    else:
        plots.confusion(ax, matrix, classes, f"{label} on {dataset}: accuracy {accuracy:.0%}")
        picture = "The confusion matrix shows which classes it mixed up (off-diagonal cells)."
    opening = (f"The {label} labelled {accuracy:.0%} of the {len(y_test)} held-out examples of "
               f"{data.LABELS[dataset]} correctly (macro F1 {f1:.2f}).")
    if model == "tree":
        metrics.update(depth=int(clf.get_depth()), leaves=int(clf.get_n_leaves()))
        reading = (f"It decides with {metrics['leaves']} leaves reached by at most {metrics['depth']} yes/no "
                   "questions, so you can trace exactly why it predicted a class, the interpretability "
                   "the document credits to classic machine learning [1].")
        return DemoResult(metrics, fig, f"{opening} {picture} {reading}", INTERPRETABLE)
    reading = ("This is supervised learning: the model learned from labelled examples and is judged on "
               "examples it never saw [1].")
    return DemoResult(metrics, fig, f"{opening} {picture} {reading}", SUPERVISED)


# its own name as the learner reads it in the demo list ("run the compare demo" got the whole catalog: "compare"
# alone is a comparison word, which names this demo only with models or a data set)
@demo(sections=(EVALUATION,), phrases={"compare demo": 3, "comparison demo": 3})
def compare(
    dataset: data.ClassData = "moons",
    models: Annotated[list[Model], Len(2, 8)] = ["logreg", "tree", "forest", "svm", "knn"],  # noqa: B006
    n_samples: Annotated[int, Range(50, 5000)] = 300,
    noise: Annotated[float, Range(0.0, 0.5)] = 0.25,
    test_size: Annotated[float, Range(0.1, 0.5)] = 0.3,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Compare several classifiers (scikit-learn) on the same data set and the same held-out split.

    Accuracy and F1 side by side in a bar chart.

    Args:
        dataset: Bundled (iris, wine, breast_cancer, digits) or generated (moons, circles, blobs) data.
        models: Two to eight classifiers to compare.
        n_samples: Points to generate (generated data sets only).
        noise: How much the generated classes overlap.
        test_size: Share of the data held out for scoring.
        seed: Random seed, for repeatable results.
    """
    import time

    models = list(dict.fromkeys(models))  # a model named twice is trained once
    X, y, _ = data.load(dataset, n_samples, noise, seed)
    X_train, X_test, y_train, y_test = _split(X, y, test_size, seed)
    scores: dict[str, dict[str, float]] = {}
    for name in models:
        start = time.perf_counter()
        clf = make_model(name, seed=seed).fit(X_train, y_train)
        accuracy, f1, _ = _scores(clf, X_test, y_test)
        scores[name] = {"accuracy": round(accuracy, 4), "f1_macro": round(f1, 4),
                        "fit_seconds": round(time.perf_counter() - start, 3)}
    ranked = sorted(models, key=lambda m: (-scores[m]["accuracy"], -scores[m]["f1_macro"]))
    best, worst = ranked[0], ranked[-1]

    fig, (ax,) = plots.figure(width=6.5)
    rows = list(reversed(ranked))
    pos = range(len(rows))
    ax.barh([p + 0.2 for p in pos], [scores[m]["accuracy"] for m in rows], 0.4, label="accuracy")
    ax.barh([p - 0.2 for p in pos], [scores[m]["f1_macro"] for m in rows], 0.4, label="F1 (macro)")
    ax.set_yticks(list(pos), [MODEL_LABELS[m].split(" (")[0] for m in rows])
    ax.set_xlim(0, 1.05)
    ax.legend(loc="lower right")
    ax.set_title(f"{len(models)} classifiers on {dataset} ({len(y_test)} held-out examples)")

    metrics = {"scores": scores, "best": best, "worst": worst, "n_train": len(y_train), "n_test": len(y_test)}
    explanation = (
        f"On {data.LABELS[dataset]}, {MODEL_LABELS[best]} scored best ({scores[best]['accuracy']:.0%} accuracy) "
        f"and {MODEL_LABELS[worst]} lowest ({scores[worst]['accuracy']:.0%}), all on the same held-out examples. "
        "The ranking says more about the shape of this data than about which algorithm is better in general, "
        "so try another data set and watch it change. "
        "Comparing models on held-out data with metrics like accuracy and F1 is the evaluation step the "
        "document's learning path recommends [1]."
    )
    return DemoResult(metrics, fig, explanation)
