"""The point sets: the explorer's unlabelled clouds and the classifier's labelled data."""
