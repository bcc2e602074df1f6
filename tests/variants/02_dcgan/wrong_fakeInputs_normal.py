"""Wrong: normal noise instead of uniform noise in [-1, 1]."""
# loses: test_fakeInputs

# %% fakeInputs
def fakeInputs(batch, infeats):
    return np.random.normal(0, 1, size=[batch, infeats])
