"""Wrong: distances between pixels, not between the classifier's features."""
# loses: test_diversity, test_diagnose

# %% diversity
def diversity(images):
    from scipy.spatial.distance import pdist

    return float(pdist(np.asarray(images).reshape(len(images), -1)).mean())
