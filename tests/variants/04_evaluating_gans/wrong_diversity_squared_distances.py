"""Wrong: the mean squared distance, not the mean distance."""
# loses: test_diversity, test_diagnose

# %% diversity
def diversity(images):
    from scipy.spatial.distance import pdist

    features = feature_extractor.predict(images, verbose=0)
    return float(pdist(features, "sqeuclidean").mean())
