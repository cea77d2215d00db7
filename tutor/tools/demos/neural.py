"""Small PyTorch networks that train in seconds on a CPU: an MLP, a CNN, an LSTM/GRU and an autoencoder."""
from __future__ import annotations

import os
from typing import Annotated, Any, Literal

import numpy as np

from tutor.tools.demos import data, plots
from tutor.tools.registry import DemoResult, Range, demo

_MODELS = "What is Deep Learning? > Types of Deep Learning Models"
HOW_DL = "What is Deep Learning? > How Deep Learning Works"
DL_DATA = "Key Differences Between Machine Learning and Deep Learning > Data Requirements > Deep Learning"
CNN = f"{_MODELS} > Convolutional Neural Networks (CNNs)"
RNN = f"{_MODELS} > Recurrent Neural Networks (RNNs)"
AUTOENCODERS = f"{_MODELS} > Autoencoders"


def _torch(seed: int) -> Any:
    """Import torch with bounded threads (the sandbox sets OMP_NUM_THREADS) and a fixed seed."""
    import torch

    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
    if torch.get_num_interop_threads() != 1:
        try:
            torch.set_num_interop_threads(1)  # allowed only before the first parallel work
        except RuntimeError:
            pass
    torch.manual_seed(seed)
    return torch


def _digits(test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The bundled 8x8 digits, pixels scaled to 0..1, split into train and test."""
    from sklearn.model_selection import train_test_split

    X, y, _ = data.load("digits")
    return train_test_split((X / 16.0).astype(np.float32), y, test_size=test_size, random_state=seed, stratify=y)


def _batches(n: int, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    order = rng.permutation(n)
    return [order[i:i + size] for i in range(0, n, size)]


@demo(sections=(HOW_DL, DL_DATA), phrases={
    "neural network": 2, "neural net": 2, "mlp": 3, "multilayer perceptron": 3, "multi layer perceptron": 3,
    "perceptron": 3, "feedforward": 3, "feed forward": 3, "fnn": 3, "backpropagation": 2, "loss curve": 2,
    "hidden layer": 2,
})
def mlp(
    dataset: Literal["moons", "circles"] = "moons",
    hidden: Annotated[int, Range(2, 128)] = 16,
    layers: Annotated[int, Range(1, 4)] = 2,
    epochs: Annotated[int, Range(10, 3000)] = 300,
    learning_rate: Annotated[float, Range(0.0001, 1.0)] = 0.02,
    n_samples: Annotated[int, Range(50, 5000)] = 400,
    noise: Annotated[float, Range(0.0, 0.5)] = 0.2,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Train a small feed-forward neural network (multilayer perceptron) in PyTorch on two moons or circles.

    Reports test accuracy and plots the loss curve falling as backpropagation adjusts the weights, next to
    the curved decision boundary it learns.

    Args:
        dataset: Two interleaving moons or two nested circles.
        hidden: Neurons in each hidden layer.
        layers: Number of hidden layers.
        epochs: Full passes over the training data.
        learning_rate: Step size of the Adam optimiser.
        n_samples: Points to generate.
        noise: How much the two classes overlap.
        seed: Random seed, for repeatable results.
    """
    from sklearn.model_selection import train_test_split

    torch = _torch(seed)
    nn = torch.nn
    X, y, _ = data.load(dataset, n_samples, noise, seed)
    X_train, X_test, y_train, y_test = train_test_split(X.astype(np.float32), y, test_size=0.3,
                                                        random_state=seed, stratify=y)
    mods: list[Any] = []
    width = 2
    for _ in range(layers):
        mods += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    net = nn.Sequential(*mods, nn.Linear(width, 2))
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
    losses = []
    for _ in range(epochs):  # the whole (small) training set is one batch
        optimiser.zero_grad()
        loss = nn.functional.cross_entropy(net(xt), yt)
        loss.backward()
        optimiser.step()
        losses.append(float(loss))

    def predict(points: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return net(torch.from_numpy(points.astype(np.float32))).argmax(1).numpy()

    accuracy = float((predict(X_test) == y_test).mean())
    train_accuracy = float((predict(X_train) == y_train).mean())
    n_params = sum(p.numel() for p in net.parameters())

    fig, (left, right) = plots.figure(ncols=2, width=4.6)
    left.plot(losses)
    left.set_xlabel("epoch")
    left.set_ylabel("cross-entropy loss (training)")
    left.set_yscale("log")
    left.set_title("loss curve")
    plots.decision_boundary(right, predict, X, y, f"MLP on {dataset}: test accuracy {accuracy:.0%}")

    metrics = {"accuracy": round(accuracy, 4), "train_accuracy": round(train_accuracy, 4),
               "final_loss": round(losses[-1], 5), "first_loss": round(losses[0], 5), "parameters": n_params,
               "n_train": len(y_train), "n_test": len(y_test)}
    opening = (f"A network with {layers} hidden layer{'s' if layers > 1 else ''} of {hidden} neurons "
               f"({n_params} weights) reached {accuracy:.0%} accuracy on unseen points of {data.LABELS[dataset]} "
               f"after {epochs} epochs.")
    if len(y_train) < 100:
        reading = (f"With only {len(y_train)} training points it may memorise rather than generalise "
                   f"(training accuracy {train_accuracy:.0%}); the document notes that deep learning needs "
                   "much more data than classic machine learning [1].")
        return DemoResult(metrics, fig, f"{opening} {reading}", DL_DATA)
    reading = (f"The loss curve falls from {losses[0]:.2f} to {losses[-1]:.3f} as backpropagation adjusts the "
               "weights, and the boundary bends around the data without any hand-made features, the forward "
               "pass, loss and optimisation loop the document describes [1].")
    return DemoResult(metrics, fig, f"{opening} {reading}", HOW_DL)


@demo(sections=(CNN,), implied_data=("digits",), phrases={
    "cnn": 3, "convolutional": 3, "convolution": 3, "convnet": 3, "image recognition": 2,
    "image classification": 2, "recognise": 0.5, "recognize": 0.5, "neural network": 1, "neural net": 1,
})
def cnn(
    channels: Annotated[int, Range(2, 32)] = 8,
    epochs: Annotated[int, Range(1, 50)] = 8,
    learning_rate: Annotated[float, Range(0.0001, 0.1)] = 0.005,
    test_size: Annotated[float, Range(0.1, 0.5)] = 0.25,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Train a tiny convolutional neural network (CNN) in PyTorch to recognise 8x8 handwritten digits.

    Reports test accuracy and shows a grid of test digits with their predicted labels.

    Args:
        channels: Filters in the first convolution layer (the second has twice as many).
        epochs: Passes over the training images.
        learning_rate: Step size of the Adam optimiser.
        test_size: Share of the images held out for scoring.
        seed: Random seed, for repeatable results.
    """
    torch = _torch(seed)
    nn = torch.nn
    X_train, X_test, y_train, y_test = _digits(test_size, seed)
    net = nn.Sequential(
        nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 8x8 -> 4x4
        nn.Conv2d(channels, 2 * channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # -> 2x2
        nn.Flatten(), nn.Linear(2 * channels * 4, 10),
    )
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    xt = torch.from_numpy(X_train).reshape(-1, 1, 8, 8)
    yt = torch.from_numpy(y_train)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for idx in _batches(len(yt), 64, rng):
            optimiser.zero_grad()
            nn.functional.cross_entropy(net(xt[idx]), yt[idx]).backward()
            optimiser.step()
    with torch.no_grad():
        pred = net(torch.from_numpy(X_test).reshape(-1, 1, 8, 8)).argmax(1).numpy()
        train_pred = net(xt).argmax(1).numpy()
    accuracy = float((pred == y_test).mean())
    n_params = sum(p.numel() for p in net.parameters())

    fig, _ = plots.figure(ncols=0, width=8, height=2.6)
    rows = [X_test[:8], X_test[8:16]]
    captions = [[f"pred {p}" for p in pred[:8]], [f"pred {p}" for p in pred[8:16]]]
    colors = [["black" if ok else "red" for ok in pred[i:i + 8] == y_test[i:i + 8]] for i in (0, 8)]
    plots.images(fig, rows, ["", ""], captions, colors)
    fig.suptitle(f"Tiny CNN on 8x8 digits: test accuracy {accuracy:.0%} (red = mistake)")

    metrics = {"accuracy": round(accuracy, 4), "train_accuracy": round(float((train_pred == y_train).mean()), 4),
               "parameters": n_params, "mistakes": int((pred != y_test).sum()),
               "n_train": len(y_train), "n_test": len(y_test)}
    explanation = (
        f"The tiny convolutional network recognised {accuracy:.0%} of {len(y_test)} unseen handwritten digits "
        f"({metrics['mistakes']} mistakes; wrong guesses are red in the plot) with {n_params} weights and "
        f"{epochs} epochs of training. "
        "Its filters slide over the image and learn stroke and edge detectors straight from the pixels, "
        "the automatic feature extraction that makes CNNs effective for images, as the document explains [1]."
    )
    return DemoResult(metrics, fig, explanation)


@demo(sections=(RNN,), implied_data=("sine",), phrases={
    "lstm": (3, {"cell": "lstm"}), "long short term memory": (3, {"cell": "lstm"}),
    "gru": (3, {"cell": "gru"}), "gated recurrent": (3, {"cell": "gru"}),
    "recurrent": 3, "rnn": 3, "time series": 3, "timeseries": 3, "forecast": 3, "forecasting": 3, "forecaster": 3,
    "sequence": 2,
    "sine": 3, "sin wave": 3, "sine wave": 3, "sinusoid": 3, "tomorrow s": 2, "weather": 2, "stock": 2,
    "temperature": 1, "next value": 2,
})
def lstm(
    cell: Literal["lstm", "gru"] = "lstm",
    hidden: Annotated[int, Range(2, 64)] = 16,
    window: Annotated[int, Range(4, 60)] = 20,
    epochs: Annotated[int, Range(1, 500)] = 150,
    learning_rate: Annotated[float, Range(0.0001, 0.1)] = 0.01,
    n_samples: Annotated[int, Range(100, 3000)] = 400,
    noise: Annotated[float, Range(0.0, 0.5)] = 0.05,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Train a recurrent network (LSTM or GRU) in PyTorch to forecast a noisy sine wave, a tiny time series.

    It reads a window of past values and predicts the next one; train and test mean squared error are
    compared with a naive baseline, next to a forecast plot.

    Args:
        cell: The recurrent cell: LSTM or the simpler GRU.
        hidden: Size of the recurrent memory.
        window: Past values the network sees before each prediction.
        epochs: Passes over the training windows.
        learning_rate: Step size of the Adam optimiser.
        n_samples: Length of the time series.
        noise: Noise added to the sine wave.
        seed: Random seed, for repeatable results.
    """
    torch = _torch(seed)
    nn = torch.nn
    rng = np.random.default_rng(seed)
    t = np.arange(n_samples)
    series = (np.sin(2 * np.pi * t / 40) + rng.normal(0, noise, n_samples)).astype(np.float32)
    windows = np.lib.stride_tricks.sliding_window_view(series, window + 1)
    X, y = windows[:, :-1], windows[:, -1]
    split = int(len(X) * 0.75)  # the future is the test set: no shuffling across time

    class Forecaster(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(1, hidden, batch_first=True)
            self.head = nn.Linear(hidden, 1)

        def forward(self, x: Any) -> Any:
            out, _ = self.rnn(x.unsqueeze(-1))
            return self.head(out[:, -1]).squeeze(-1)

    net = Forecaster()
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    xt, yt = torch.from_numpy(X[:split].copy()), torch.from_numpy(y[:split].copy())
    for _ in range(epochs):
        for idx in _batches(split, 64, rng):
            optimiser.zero_grad()
            nn.functional.mse_loss(net(xt[idx]), yt[idx]).backward()
            optimiser.step()
    with torch.no_grad():
        pred = net(torch.from_numpy(np.ascontiguousarray(X))).numpy()
    mse = lambda a, b: float(np.mean((a - b) ** 2))  # noqa: E731
    train_mse, test_mse = mse(pred[:split], y[:split]), mse(pred[split:], y[split:])
    last_value = mse(X[split:, -1], y[split:])  # "tomorrow looks like today"
    mean_value = mse(np.full(len(y) - split, y[:split].mean()), y[split:])

    fig, (ax,) = plots.figure(width=8, height=3.6)
    steps = t[window:]
    ax.plot(steps, y, c="0.6", lw=1, label="true series")
    ax.plot(steps[split:], pred[split:], c="C3", lw=1.8, label=f"{cell.upper()} forecast (test MSE {test_mse:.4f})")
    ax.axvline(steps[split], c="k", ls="--", lw=1)
    ax.text(steps[split], ax.get_ylim()[1], " test period", va="top", fontsize=8)
    ax.set_xlabel("time step")
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(f"One-step-ahead forecast of a noisy sine wave with a {cell.upper()}")

    metrics = {"train_mse": round(train_mse, 5), "test_mse": round(test_mse, 5),
               "baseline_last_value_mse": round(last_value, 5), "baseline_mean_mse": round(mean_value, 5),
               "noise_floor_mse": round(noise ** 2, 5), "n_train": split, "n_test": len(y) - split}
    verdict = "beats" if test_mse < last_value else "does not yet beat"
    explanation = (
        f"Reading the last {window} values, the {cell.upper()} predicts the next one with a test mean squared "
        f"error of {test_mse:.4f}, which {verdict} the naive guess that the next value equals the last one "
        f"({last_value:.4f}). "
        "Its hidden state is a memory of the recent past, so it learns where in the wave it is and which way "
        "it is heading, the kind of time-series forecasting the document lists for recurrent networks [1]."
    )
    return DemoResult(metrics, fig, explanation)


@demo(sections=(AUTOENCODERS,), implied_data=("digits",), phrases={
    "autoencoder": 3, "auto encoder": 3, "encoder decoder": 3, "reconstruct": 2, "reconstruction": 2,
    "compress": 1, "bottleneck": 2, "squeeze": 1, "squish": 1, "squash": 1, "rebuild": 2, "latent": 2,
})
def autoencoder(
    latent: Annotated[int, Range(2, 32)] = 8,
    epochs: Annotated[int, Range(1, 200)] = 30,
    learning_rate: Annotated[float, Range(0.0001, 0.1)] = 0.005,
    seed: Annotated[int, Range(0, 10_000)] = 0,
) -> DemoResult:
    """Train an autoencoder in PyTorch that squeezes 8x8 handwritten digits into a few numbers and back.

    Reports the reconstruction error on unseen digits and shows original versus reconstructed images.

    Args:
        latent: Numbers each 64-pixel image is squeezed into.
        epochs: Passes over the training images.
        learning_rate: Step size of the Adam optimiser.
        seed: Random seed, for repeatable results.
    """
    torch = _torch(seed)
    nn = torch.nn
    X_train, X_test, _, _ = _digits(0.25, seed)
    encoder = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, latent))
    decoder = nn.Sequential(nn.Linear(latent, 32), nn.ReLU(), nn.Linear(32, 64), nn.Sigmoid())
    net = nn.Sequential(encoder, decoder)
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    xt = torch.from_numpy(X_train)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for idx in _batches(len(xt), 64, rng):
            optimiser.zero_grad()
            nn.functional.mse_loss(net(xt[idx]), xt[idx]).backward()
            optimiser.step()
    with torch.no_grad():
        rebuilt = net(torch.from_numpy(X_test)).numpy()
    test_mse = float(np.mean((rebuilt - X_test) ** 2))
    baseline = float(np.mean((X_train.mean(0) - X_test) ** 2))  # drawing the average digit every time

    fig, _ = plots.figure(ncols=0, width=8, height=2.4)
    plots.images(fig, [X_test[:8], rebuilt[:8]], ["original", "rebuilt"])
    fig.suptitle(f"Autoencoder: 64 pixels -> {latent} numbers -> 64 pixels (test MSE {test_mse:.4f})")

    metrics = {"test_mse": round(test_mse, 5), "baseline_mean_image_mse": round(baseline, 5),
               "compression": f"64 -> {latent}", "n_train": len(X_train), "n_test": len(X_test)}
    explanation = (
        f"The encoder squeezes each 64-pixel digit into {latent} numbers and the decoder rebuilds it with a "
        f"test error of {test_mse:.4f}, against {baseline:.4f} for drawing the average digit every time. "
        "Compare the rows: the rebuilt digits keep the shape but lose fine detail, because only what fits "
        "through the bottleneck survives. "
        "This encoder-decoder design is the autoencoder the document describes for dimensionality reduction "
        "and denoising [1]."
    )
    return DemoResult(metrics, fig, explanation)
