"""The demo catalog. Importing this package registers every demo; the import order is the catalog order."""
from tutor.tools.demos import classification, regression, unsupervised, neural  # noqa: F401, I001
