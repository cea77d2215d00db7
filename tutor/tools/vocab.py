"""The words the router recognises whatever the demos are: request verbs, openers, question starts,
data-set names, comparison words and the nouns and names of stated numbers.

The words that name a demo are declared by each demo (`@demo(phrases=...)`, tutor/tools/registry.py).
Phrases are written normalised (lower case, hyphens as spaces); a trailing plural "s" matches too.
"""
from __future__ import annotations

import re


def normalise(phrase: str) -> str:
    """A phrase as the router reads text: "K-Means" -> "k means" (words and numbers, single spaces)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", phrase.lower()).split())


def is_normalised(phrase: str) -> bool:
    return bool(phrase) and phrase == normalise(phrase)


# words that ask for something to be run; recognised at the start of a clause or after "can you" etc.
REQUEST_VERBS = (
    "show", "train", "run", "compare", "demo", "demonstrate", "cluster", "visualise", "visualize", "plot",
    "try", "fit", "build", "draw", "simulate", "test", "apply", "give", "see", "classify", "predict",
    "forecast", "reduce", "group", "segment", "execute", "launch", "start", "watch", "kick off", "fire up",
    "spin up", "whip up",
)  # not "use", "do", "make": "use cases of CNNs?" and "do I need maths?" are questions
# verbs that are requests only as imperatives with an object ("do the GRU version", "have the model predict",
# "project the digits onto two components"): "do I need maths?", "have you seen...", "use cases of CNNs?" are not
OBJECT_VERBS = ("do", "have", "make", "get", "put", "use", "project", "set up", "i want", "i d like", "i would like",
                "i need")
DETERMINERS = ("the", "a", "an", "this", "that", "these", "those", "my", "our", "one", "some")
# texting spellings, read as the words they stand for ("walk me thru how u...")
INFORMAL = {"thru": "through", "u": "you", "ur": "your", "pls": "please", "plz": "please", "gimme": "give me",
            "lemme": "let me", "wanna": "want to", "gonna": "going to", "cuz": "because", "abt": "about",
            "wat": "what", "wht": "what", "hw": "how", "plis": "please", "ya": "you", "yu": "you"}
# what an explanation is asked for as ("show me the differences"): with the request verbs and the data sets, the
# words a misspelling is read back to ("clsuter" -> "cluster", "diference" -> "difference")
EXPLAIN_NOUNS = ("difference", "differences", "example", "examples", "explanation", "overview", "summary",
                 "breakdown", "advantages", "disadvantages", "reasons", "concept", "intuition", "applications")
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
# the subject itself or the document: "classify ML's three families", "cluster the architectures in the guide"
# act on it, not on data
FIELD_WORDS = ("ml", "dl", "machine learning", "deep learning", "ai", "artificial intelligence", "data science",
               "guide", "document", "article")
# what a demo's verb acts on when it asks for a run: "classify some flowers", "cluster these points", "forecast the
# next values"; "cluster the ethical concerns into themes" acts on none of these
DATA_NOUNS = ("data", "dataset", "data set", "point", "sample", "flower", "image", "picture", "photo", "number",
              "signal", "series", "value", "measurement", "row", "record", "feature", "customer", "email",
              "patient", "reading", "observation", "something", "stuff", "thing", "it", "this", "these",
              "those")
# the document's dimensions of comparison that no run measures: "a comparison of forests and nets on
# interpretability" asks for words (accuracy, error and speed of a run are results, and still run)
PROPERTIES = ("interpretability", "interpretable", "explainability", "transparency", "black box", "scalability",
              "training time", "data requirement", "data need", "amount of data", "hardware", "gpu",
              "computational resource", "compute", "cost", "complexity", "feature engineering", "use case",
              "salary", "salaries", "career", "job")
# models the document covers that no demo runs: "compare CNNs and Transformers" can only be answered
NON_DEMO_MODELS = ("transformer", "gan", "generative adversarial", "bert", "gpt", "diffusion model", "llm",
                   "large language model", "reinforcement learning", "self attention", "attention", "q learning",
                   "alphago")
# a question that mentions these asks about the catalog ("what demos can you run?"): "unclear" lists it
CATALOG_WORDS = ("demo", "demonstration", "what can you run", "what can you show")
QUESTION_STARTS = (
    "what", "whats", "why", "how", "which", "when", "who", "whom", "whose", "where", "is", "are", "was",
    "were", "does", "do", "did", "can", "could", "should", "would", "will", "shall", "may", "might", "explain",
    "describe", "define", "tell me", "list", "summarise", "summarize", "in what", "difference", "i don t",
    "i do not", "i m confused", "help me understand", "i wonder", "i m wondering", "i m curious", "i was wondering",
    "remind me", "how come", "i want to understand", "i d like to understand", "i need to understand",
    "i m trying to understand", "i would like to understand",
)

DATASETS: dict[str, str] = {
    "iris": "iris", "iris flower": "iris", "flower": "iris", "petal": "iris", "wine": "wine",
    "breast cancer": "breast_cancer",
    "cancer": "breast_cancer", "tumor": "breast_cancer", "tumour": "breast_cancer", "digit": "digits",
    "handwritten": "digits", "handwriting": "digits", "mnist": "digits", "moon": "moons", "two moon": "moons",
    "half moon": "moons", "interleaving": "moons", "half circle": "moons", "circle": "circles",
    "curvy": "curve",
    "ring": "circles", "concentric": "circles", "blob": "blobs",
    "diabetes": "diabetes", "curve": "curve", "wavy": "curve",
    "sine": "sine", "sine wave": "sine", "sinusoid": "sine", "sin wave": "sine",
}

# data sets a demo only stands in for: the digits demo has scikit-learn's 1,797 8x8 digits, not MNIST's 70,000
# 28x28 images. Asked for a result on one ("what accuracy does a CNN score on MNIST?"), the demo's figure would
# read as the benchmark's: the question is answered (the document gives no such figure) and the demo offered
STAND_INS = frozenset({"mnist"})
# a data set's word naming something else: a metric's or a plot's curve is no noisy curve to fit ("which curve-based
# metric appears among the evaluation metrics?" ran the regression demo on the curve data: dev-25 h25q11)
NOT_DATA = (r"\b(?:roc|auc|pr|precision recall|learning|loss|training|validation|error|bell|s)\s+curves?\b|"
            r"\bcurves?\s+(?:based|metric|metrics)\b|\b(?:area|areas)\s+under\s+(?:the\s+)?(?:\w+\s+)?curves?\b")

# words that turn several named classifiers into one comparison
COMPARE_WORDS = ("compare", "comparison", "versus", "vs", "against", "side by side", "benchmark", "which is better",
                 "which model", "best model", "all models", "several models", "different models", "which one wins",
                 "which wins", "does better", "do better", "a few classifiers", "several classifiers", "race",
                 "line up", "pit", "head to head", "shootout", "face off", "bake off", "better than", "worse than",
                 "beat", "outperform", "does best", "do best", "performs best", "works best", "better on", "worse on",
                 "more accurate", "less accurate", "which algorithm", "which classifier", "which method")
# "a bunch of classifiers", "several different models", "three algorithms": many models named as such
MANY_MODELS = (r"\b(bunch|handful|few|several|multiple|various|different|couple|range|lineup|selection|two|three|four"
               r"|five|all( the)?) (of )?(\w+ ){0,2}(classifiers|models|algorithms)\b")
# the classify `model` value a phrase names, for building the list of models to compare
NEURAL_AS_MODEL = ("neural network", "neural net", "mlp", "multilayer perceptron", "perceptron")

# numbers the learner may state: "with 500 trees", "for 50 epochs", "k=5"
NUMBER_NOUNS: dict[str, str] = {
    "tree": "n_estimators", "estimator": "n_estimators", "round": "n_estimators", "cluster": "n_clusters",
    "group": "n_clusters", "epoch": "epochs", "sample": "n_samples", "point": "n_samples", "row": "n_samples",
    "example": "n_samples", "neighbor": "n_neighbors", "neighbour": "n_neighbors", "component": "n_components",
    "layer": "layers", "hidden unit": "hidden", "neuron": "hidden", "unit": "hidden", "channel": "channels",
    "filter": "channels", "degree": "degree", "dimension": "latent", "step": "window", "time step": "window",
}
# numbers in words ("depth three", "five neighbours", "thirty steps back")
NUMBER_NAMES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "hundred": 100, "a hundred": 100, "two hundred": 200,
                "five hundred": 500, "a thousand": 1000}
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
