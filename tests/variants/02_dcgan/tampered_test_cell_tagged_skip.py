"""Normal noise, and its test cell tagged skip-execution (nbclient skips such cells): the course runs it anyway, and it fails."""
# loses: test_fakeInputs
# tag skip-execution: test_fakeInputs

# %% fakeInputs
def fakeInputs(batch, infeats):
    return np.random.normal(0, 1, size=[batch, infeats])
