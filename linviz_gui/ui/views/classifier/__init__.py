"""The Classifier tab: a linear classifier's hyperplane, dragged and trained."""
