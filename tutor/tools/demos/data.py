"""The data sets demos may use: bundled with scikit-learn or generated, never read from a path or URL."""
from __future__ import annotations

from typing import Literal

import numpy as np

Bundled = Literal["iris", "wine", "breast_cancer", "digits"]
ClassData = Literal["iris", "wine", "breast_cancer", "digits", "moons", "circles", "blobs"]

LABELS = {
    "iris": "the iris flowers", "wine": "the wine samples", "breast_cancer": "the breast-cancer biopsies",
    "digits": "the 8x8 handwritten digits", "moons": "the two moons", "circles": "the two circles",
    "blobs": "the three blobs", "diabetes": "the diabetes patients", "curve": "the noisy curve",
}


def load(name: str, n_samples: int = 300, noise: float = 0.2,
         seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels and class names. `n_samples` and `noise` apply to generated data only."""
    from sklearn import datasets

    if name in ("moons", "circles", "blobs"):
        if name == "moons":
            X, y = datasets.make_moons(n_samples, noise=noise, random_state=seed)
        elif name == "circles":
            X, y = datasets.make_circles(n_samples, noise=noise, factor=0.5, random_state=seed)
        else:  # noise widens the blobs so that 0 still means "clearly separate"
            X, y = datasets.make_blobs(n_samples, centers=3, cluster_std=0.6 + 4 * noise, random_state=seed)
        return X, y, [str(c) for c in np.unique(y)]
    loader = {"iris": datasets.load_iris, "wine": datasets.load_wine,
              "breast_cancer": datasets.load_breast_cancer, "digits": datasets.load_digits}[name]
    bunch = loader()
    return bunch.data, bunch.target, [str(c) for c in bunch.target_names]

