"""Unsupervised learning with scikit-learn: clustering and principal component analysis."""
from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np

from tutor.tools.demos import data, plots
from tutor.tools.registry import DemoResult, Range, demo

UNSUPERVISED = "What is Machine Learning? > Types of Machine Learning > Unsupervised Learning"
METHOD_LABELS = {"kmeans": "k-means", "dbscan": "DBSCAN", "agglomerative": "agglomerative (hierarchical) clustering"}


def _project(X: np.ndarray) -> np.ndarray:
    """Two columns to draw: the data itself if it is 2-D, else its first two principal components."""
    from sklearn.decomposition import PCA

    return X if X.shape[1] == 2 else PCA(2, random_state=0).fit_transform(X)


@demo(sections=(UNSUPERVISED,), phrases={
    "cluster": 2, "clustering": 2, "group": 1, "segmentation": 1, "unsupervised": 1,
    "k means": (3, {"method": "kmeans"}), "kmeans": (3, {"method": "kmeans"}), "k mean": (3, {"method": "kmeans"}),
    "dbscan": (3, {"method": "dbscan"}), "density based": (3, {"method": "dbscan"}),
    "agglomerative": (3, {"method": "agglomerative"}), "hierarchical": (3, {"method": "agglomerative"}),
    "silhouette": 2, "hidden structure": 2, "structure": 1, "customer": 1,
})
def cluster(
    method: Literal["kmeans", "dbscan", "agglomerative"] = "kmeans",
    dataset: Literal["blobs", "moons", "circles", "iris", "wine", "digits"] = "blobs",
    n_clusters: Annotated[int, Range(0, 10)] = 0,
    eps: Annotated[float, Range(0.05, 5.0)] = 0.3,
    n_samples: Annotated[int, Range(50, 5000)] = 300,
    noise: Annotated[float, Range(0.0, 0.5)] = 0.08,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Group unlabelled points into clusters with k-means, DBSCAN or agglomerative clustering.

    Measures how well separated the groups are (silhouette, inertia) and how well they match the hidden true
    labels, with a scatter plot coloured by cluster.

    Args:
        method: kmeans (round groups around centres), dbscan (dense regions, finds the count itself) or
            agglomerative (hierarchical merging).
        dataset: Generated (blobs, moons, circles) or bundled (iris, wine, digits) data; labels are hidden.
        n_clusters: Groups to find (k-means and agglomerative); 0 means as many as there are hidden classes.
        eps: Neighbourhood radius of DBSCAN, on standardised features.
        n_samples: Points to generate (generated data sets only).
        noise: Jitter of the generated points.
        seed: Random seed, for repeatable results.
    """
    from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
    from sklearn.metrics import adjusted_rand_score, silhouette_score
    from sklearn.preprocessing import StandardScaler

    X, truth, _ = data.load(dataset, n_samples, noise, seed)
    X = StandardScaler().fit_transform(X)  # distances should not depend on the units of a feature
    n_clusters = n_clusters if n_clusters >= 2 else len(np.unique(truth))
    model = {"kmeans": lambda: KMeans(n_clusters, n_init=10, random_state=seed),
             "dbscan": lambda: DBSCAN(eps=eps, min_samples=5),
             "agglomerative": lambda: AgglomerativeClustering(n_clusters)}[method]()
    labels = model.fit_predict(X)
    found = sorted(set(labels) - {-1})
    clustered = labels != -1
    silhouette = (float(silhouette_score(X[clustered], labels[clustered]))
                  if 2 <= len(found) < clustered.sum() else None)
    inertia = float(sum(((X[labels == c] - X[labels == c].mean(0)) ** 2).sum() for c in found))
    ari = float(adjusted_rand_score(truth, labels))
    metrics = {"clusters_found": len(found), "n_clusters_used": None if method == "dbscan" else n_clusters,
               "noise_points": int((~clustered).sum()),
               "silhouette": None if silhouette is None else round(silhouette, 4), "inertia": round(inertia, 2),
               "adjusted_rand_index": round(ari, 4), "n_samples": int(len(X)), "n_features": int(X.shape[1])}

    fig, (ax,) = plots.figure(width=5.5)
    xy = _project(X)
    ax.scatter(xy[clustered, 0], xy[clustered, 1], c=labels[clustered], cmap="tab10", s=14)
    if (~clustered).any():
        ax.scatter(xy[~clustered, 0], xy[~clustered, 1], c="0.6", marker="x", s=14, label="noise (no cluster)")
        ax.legend(loc="best", fontsize=8)
    if method == "kmeans" and X.shape[1] == 2:
        ax.scatter(*model.cluster_centers_.T, c="k", marker="*", s=160)
    ax.set_title(f"{METHOD_LABELS[method]} on {dataset}: {len(found)} clusters"
                 + ("" if X.shape[1] == 2 else " (first two principal components)"))
    ax.set_xticks([])
    ax.set_yticks([])

    quality = (f"with a silhouette of {silhouette:.2f} (1 means well separated, near 0 overlapping)"
               if silhouette is not None else "so no silhouette can be computed (that needs two or more)")
    explanation = (
        f"{METHOD_LABELS[method][0].upper() + METHOD_LABELS[method][1:]} found {len(found)} "
        f"cluster{'' if len(found) == 1 else 's'} in {data.LABELS[dataset]}, {quality}. "
        f"Checked against the true labels, which it never saw, its groups score an adjusted Rand index of "
        f"{ari:.2f} (1 is a perfect match, 0 is chance). "
    )
    if method == "kmeans" and dataset in ("moons", "circles"):
        explanation += "k-means assumes round groups around a centre, so curved shapes defeat it; try dbscan. "
    explanation += "This is unsupervised learning: finding structure in data that has no labels [1]."
    return DemoResult(metrics, fig, explanation)


@demo(sections=(UNSUPERVISED,), phrases={
    "pca": 3, "principal component": 3, "principal component analysis": 3, "dimensionality reduction": 3,
    "reduce dimension": 3, "reduce the dimension": 3, "explained variance": 3, "dimension": 1,
    "visualise": 0.5, "visualize": 0.5, "unsupervised": 0.5, "compress": 0.5, "component": 1, "projection": 1,
})
def pca(
    dataset: data.Bundled = "digits",
    n_components: Annotated[int, Range(2, 10)] = 5,
    standardize: bool = True,
) -> DemoResult:
    """Reduce a bundled data set to a few principal components (PCA).

    Shows how much of the variance each component keeps, and a 2-D scatter of the data on the first two
    components, coloured by class.

    Args:
        dataset: Bundled data: iris (4 features), wine (13), breast_cancer (30) or digits (64 pixels).
        n_components: Components to compute.
        standardize: Scale every feature to unit variance first (wise when units differ).
    """
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    X, y, classes = data.load(dataset)
    n_components = min(n_components, X.shape[1])
    if standardize:
        X = StandardScaler().fit_transform(X)
    model = PCA(n_components, random_state=0)
    xy = model.fit_transform(X)
    ratios = [round(float(r), 4) for r in model.explained_variance_ratio_]
    cumulative = [round(float(c), 4) for c in np.cumsum(model.explained_variance_ratio_)]

    fig, (left, right) = plots.figure(ncols=2, width=4.8)
    points: Any = left.scatter(xy[:, 0], xy[:, 1], c=y, cmap="tab10", s=10)
    if len(classes) <= 10:
        handles, _ = points.legend_elements()
        left.legend(handles, classes, fontsize=7, loc="best")
    left.set_xlabel(f"PC1 ({ratios[0]:.0%} of variance)")
    left.set_ylabel(f"PC2 ({ratios[1]:.0%})")
    left.set_title(f"{dataset}: {X.shape[1]} features -> 2")
    steps = range(1, n_components + 1)
    right.bar(steps, ratios, label="each component")
    right.plot(steps, cumulative, "ko-", label="cumulative")
    right.set_xlabel("component")
    right.set_ylim(0, 1.05)
    right.legend(fontsize=8)
    right.set_title("explained variance")

    metrics = {"explained_variance_ratio": ratios, "cumulative": cumulative, "n_features": int(X.shape[1]),
               "n_components": n_components, "n_samples": int(X.shape[0])}
    explanation = (
        f"The first two principal components keep {cumulative[1]:.0%} of the variance of the {X.shape[1]} "
        f"features of {data.LABELS[dataset]}, and {n_components} components keep {cumulative[-1]:.0%}. "
        "In the scatter, classes that form separate groups stay easy to tell apart even after this compression, "
        "although PCA never saw the labels. "
        "PCA is the dimensionality-reduction method the document lists under unsupervised learning [1]."
    )
    return DemoResult(metrics, fig, explanation)
