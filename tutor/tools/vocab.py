"""The words the router recognises: request verbs, demo vocabulary with synonyms, data-set names.

Phrases are written normalised (lower case, hyphens as spaces); a trailing plural "s" matches too.
Each demo phrase gives points to one or more demos, optionally with arguments; the longest phrase wins
where phrases overlap ("logistic regression" is not also "regression").
"""
from __future__ import annotations

Hit = tuple[str, float, dict[str, object]]  # (demo, weight, arguments)

# words that ask for something to be run; recognised at the start of a clause or after "can you" etc.
REQUEST_VERBS = (
    "show", "train", "run", "compare", "demo", "demonstrate", "cluster", "visualise", "visualize", "plot",
    "try", "fit", "build", "draw", "simulate", "test", "apply", "give", "see", "classify", "predict",
    "forecast", "reduce", "group", "segment", "execute", "launch", "start", "watch",
)  # not "use", "do", "make": "use cases of CNNs?" and "do I need maths?" are questions
# polite or conversational openers before the verb
REQUEST_PREFIXES = (
    "please", "pls", "ok", "okay", "now", "so", "and", "then", "also", "just", "hey", "hi", "go ahead and",
    "can you", "could you", "would you", "will you", "can i", "could i", "may i", "i want to", "i d like to",
    "i would like to", "i wanna", "i need to", "i want you to", "let s", "lets", "let us", "let me",
    "quickly", "maybe", "how about you", "i would love to",
)
# nouns that name a run without saying which one: with no demo named, the request is "unclear"
GENERIC = ("demo", "demonstration", "something", "anything", "experiment", "model", "network", "algorithm",
           "tool", "simulation", "one")
# a question that mentions these asks about the catalog ("what demos can you run?"): "unclear" lists it
CATALOG_WORDS = ("demo", "demonstration", "what can you run", "what can you show")
QUESTION_STARTS = (
    "what", "whats", "why", "how", "which", "when", "who", "whom", "whose", "where", "is", "are", "was",
    "were", "does", "do", "did", "can", "could", "should", "would", "will", "shall", "may", "might", "explain",
    "describe", "define", "tell me", "list", "summarise", "summarize", "in what", "difference", "i don t",
    "i do not", "i m confused", "help me understand",
)

DATASETS: dict[str, str] = {
    "iris": "iris", "iris flower": "iris", "wine": "wine", "breast cancer": "breast_cancer",
    "cancer": "breast_cancer", "tumor": "breast_cancer", "tumour": "breast_cancer", "digit": "digits",
    "handwritten": "digits", "handwriting": "digits", "mnist": "digits", "moon": "moons", "two moon": "moons",
    "half moon": "moons", "interleaving": "moons", "half circle": "moons", "circle": "circles",
    "ring": "circles", "concentric": "circles", "blob": "blobs",
    "diabetes": "diabetes", "curve": "curve", "wavy": "curve",
}

C, M = "classify", "model"  # short names keep the table readable
PHRASES: dict[str, list[Hit]] = {
    # classification
    "classif": [(C, 2, {})], "classifier": [(C, 2, {})], "classification": [(C, 2, {})], "classify": [(C, 2, {})],
    "logistic regression": [(C, 3, {M: "logreg"})], "logreg": [(C, 3, {M: "logreg"})],
    "decision tree": [(C, 3, {M: "tree"})], "tree": [(C, 2, {M: "tree"})],
    "random forest": [(C, 3, {M: "forest"})], "forest": [(C, 2, {M: "forest"})],
    "svm": [(C, 3, {M: "svm"})], "support vector": [(C, 3, {M: "svm"})],
    "support vector machine": [(C, 3, {M: "svm"})], "svc": [(C, 3, {M: "svm"})],
    "knn": [(C, 3, {M: "knn"})], "k nn": [(C, 3, {M: "knn"})], "nearest neighbor": [(C, 3, {M: "knn"})],
    "nearest neighbour": [(C, 3, {M: "knn"})], "k nearest neighbor": [(C, 3, {M: "knn"})],
    "k nearest neighbour": [(C, 3, {M: "knn"})],
    "naive bayes": [(C, 3, {M: "naive_bayes"})], "bayes": [(C, 2, {M: "naive_bayes"})],
    "gradient boosting": [(C, 3, {M: "gboost"})], "boosting": [(C, 3, {M: "gboost"})],
    "boosted tree": [(C, 3, {M: "gboost"})], "xgboost": [(C, 3, {M: "gboost"})], "gbm": [(C, 3, {M: "gboost"})],
    "spam": [(C, 1, {})], "decision boundary": [(C, 2, {})], "boundary": [(C, 1, {})],
    "separate": [(C, 1, {})],
    # regression
    "regression": [("regress", 2, {})], "regressor": [("regress", 2, {})], "regress": [("regress", 2, {})],
    "linear regression": [("regress", 3, {})], "polynomial": [("regress", 3, {})],
    "curve fitting": [("regress", 3, {})], "fit a curve": [("regress", 3, {})], "line fit": [("regress", 2, {})],
    "house price": [("regress", 2, {})], "price": [("regress", 1, {})],
    "overfit": [("regress", 1, {})], "overfitting": [("regress", 1, {})], "underfitting": [("regress", 1, {})],
    # clustering
    "cluster": [("cluster", 2, {})], "clustering": [("cluster", 2, {})], "group": [("cluster", 1, {})],
    "segmentation": [("cluster", 1, {})], "unsupervised": [("cluster", 1, {}), ("pca", 0.5, {})],
    "k means": [("cluster", 3, {"method": "kmeans"})], "kmeans": [("cluster", 3, {"method": "kmeans"})],
    "k mean": [("cluster", 3, {"method": "kmeans"})],
    "dbscan": [("cluster", 3, {"method": "dbscan"})], "density based": [("cluster", 3, {"method": "dbscan"})],
    "agglomerative": [("cluster", 3, {"method": "agglomerative"})],
    "hierarchical": [("cluster", 3, {"method": "agglomerative"})],
    "silhouette": [("cluster", 2, {})], "hidden structure": [("cluster", 2, {})],
    "structure": [("cluster", 1, {})], "customer": [("cluster", 1, {})],
    # dimensionality reduction
    "pca": [("pca", 3, {})], "principal component": [("pca", 3, {})],
    "principal component analysis": [("pca", 3, {})], "dimensionality reduction": [("pca", 3, {})],
    "reduce dimension": [("pca", 3, {})], "reduce the dimension": [("pca", 3, {})],
    "explained variance": [("pca", 3, {})], "dimension": [("pca", 1, {})],
    "visualise": [("pca", 0.5, {})], "visualize": [("pca", 0.5, {})],
    # feed-forward networks
    "neural network": [("mlp", 2, {}), ("cnn", 1, {})], "neural net": [("mlp", 2, {}), ("cnn", 1, {})],
    "mlp": [("mlp", 3, {})], "multilayer perceptron": [("mlp", 3, {})],
    "multi layer perceptron": [("mlp", 3, {})], "perceptron": [("mlp", 3, {})],
    "feedforward": [("mlp", 3, {})], "feed forward": [("mlp", 3, {})], "fnn": [("mlp", 3, {})],
    "backpropagation": [("mlp", 2, {})], "loss curve": [("mlp", 2, {})], "hidden layer": [("mlp", 2, {})],
    # convolutional networks
    "cnn": [("cnn", 3, {})], "convolutional": [("cnn", 3, {})], "convolution": [("cnn", 3, {})],
    "convnet": [("cnn", 3, {})], "image recognition": [("cnn", 2, {})], "image classification": [("cnn", 2, {})],
    "recognise": [("cnn", 0.5, {})], "recognize": [("cnn", 0.5, {})],
    # recurrent networks
    "lstm": [("lstm", 3, {"cell": "lstm"})], "long short term memory": [("lstm", 3, {"cell": "lstm"})],
    "gru": [("lstm", 3, {"cell": "gru"})], "gated recurrent": [("lstm", 3, {"cell": "gru"})],
    "recurrent": [("lstm", 3, {})], "rnn": [("lstm", 3, {})], "time series": [("lstm", 3, {})],
    "timeseries": [("lstm", 3, {})], "forecast": [("lstm", 3, {})], "forecasting": [("lstm", 3, {})],
    "sequence": [("lstm", 2, {})], "sine": [("lstm", 3, {})], "sin wave": [("lstm", 3, {})],
    "sine wave": [("lstm", 3, {})], "sinusoid": [("lstm", 3, {})], "tomorrow": [("lstm", 2, {})],
    "weather": [("lstm", 2, {})], "stock": [("lstm", 2, {})], "temperature": [("lstm", 1, {})],
    "next value": [("lstm", 2, {})],
    # autoencoders
    "autoencoder": [("autoencoder", 3, {})], "auto encoder": [("autoencoder", 3, {})],
    "encoder decoder": [("autoencoder", 3, {})], "reconstruct": [("autoencoder", 2, {})],
    "reconstruction": [("autoencoder", 2, {})], "compress": [("autoencoder", 1, {}), ("pca", 0.5, {})],
    "bottleneck": [("autoencoder", 2, {})], "squeeze": [("autoencoder", 1, {})], "latent": [("autoencoder", 2, {})],
}

# words that turn several named classifiers into one comparison
COMPARE_WORDS = ("compare", "comparison", "versus", "vs", "against", "side by side", "benchmark", "which is better",
                 "which model", "best model", "all models", "several models", "different models", "which one wins",
                 "which wins", "does better", "do better", "a few classifiers", "several classifiers", "race",
                 "line up", "pit")
# the classify `model` value a phrase names, for building the list of models to compare
NEURAL_AS_MODEL = ("neural network", "neural net", "mlp", "multilayer perceptron", "perceptron")

# the data a demo without a `dataset` argument works on, so "CNN on digits" is not a contradiction
IMPLIED_DATA: dict[str, tuple[str, ...]] = {"cnn": ("digits",), "autoencoder": ("digits",), "lstm": ()}

# numbers the learner may state: "with 500 trees", "for 50 epochs", "k=5"
NUMBER_NOUNS: dict[str, str] = {
    "tree": "n_estimators", "estimator": "n_estimators", "round": "n_estimators", "cluster": "n_clusters",
    "group": "n_clusters", "epoch": "epochs", "sample": "n_samples", "point": "n_samples", "row": "n_samples",
    "example": "n_samples", "neighbor": "n_neighbors", "neighbour": "n_neighbors", "component": "n_components",
    "layer": "layers", "hidden unit": "hidden", "neuron": "hidden", "unit": "hidden", "channel": "channels",
    "filter": "channels", "degree": "degree", "dimension": "latent",
}
# "k=5", "depth 3", "learning rate of 0.1": the setting name before the number
SETTING_NAMES: dict[str, tuple[str, ...]] = {
    "k": ("n_clusters", "n_neighbors"), "depth": ("max_depth",), "max depth": ("max_depth",),
    "degree": ("degree",), "eps": ("eps",), "epsilon": ("eps",), "lr": ("learning_rate",), "noise": ("noise",),
    "seed": ("seed",), "window": ("window",),
    "latent": ("latent",), "latent size": ("latent",), "latent dimension": ("latent",), "code size": ("latent",),
    "test size": ("test_size",), "hidden": ("hidden",), "hidden size": ("hidden",), "window size": ("window",),
    "learning rate": ("learning_rate",), "trees": ("n_estimators",), "neighbors": ("n_neighbors",),
}
NUMBER_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12, "k": 1_000}
