"""Figure helpers shared by the demos. Figures are built without pyplot: no global state, Agg only."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np


def figure(ncols: int = 1, width: float = 5.0, height: float = 4.2) -> tuple[Any, list[Any]]:
    """A figure with `ncols` side-by-side axes (none for 0)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * max(ncols, 1), height), dpi=90, layout="constrained")
    if ncols == 0:
        return fig, []
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def decision_boundary(ax: Any, predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
                      title: str) -> None:
    """Shade the class each point of the plane would get, then scatter the data on top."""
    pad = 0.5
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, 200)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, 200)
    gx, gy = np.meshgrid(xs, ys)
    zz = predict(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    ax.contourf(gx, gy, zz, alpha=0.3, cmap="coolwarm", levels=np.arange(zz.max() + 2) - 0.5)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=14, edgecolor="k", linewidth=0.3)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])


def confusion(ax: Any, matrix: np.ndarray, labels: list[str], title: str) -> None:
    """A confusion matrix with the counts written in the cells."""
    ax.imshow(matrix, cmap="Blues")
    ticks = range(len(labels))
    ax.set_xticks(ticks, labels, rotation=45 if max(map(len, labels)) > 3 else 0, ha="right")
    ax.set_yticks(ticks, labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(j, i, int(count), ha="center", va="center",
                color="white" if count > matrix.max() / 2 else "black", fontsize=8)
    ax.set_title(title)


def images(fig: Any, rows: list[np.ndarray], row_labels: list[str],
           captions: list[list[str]] | None = None, colors: list[list[str]] | None = None) -> None:
    """Rows of small grey 8x8 images, optionally captioned (in colour) one by one."""
    grid = fig.subplots(len(rows), len(rows[0]), squeeze=False)
    for r, row in enumerate(rows):
        for c, img in enumerate(row):
            ax = grid[r][c]
            ax.imshow(img.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(row_labels[r])
            if captions:
                ax.set_title(captions[r][c], fontsize=8, color=colors[r][c] if colors else "black")
