"""Normal noise, and the fakeInputs test cell deleted: nbgrader adds it back (add_missing_cells), and it fails."""
# loses: test_fakeInputs
# delete: test_fakeInputs

# %% fakeInputs
def fakeInputs(batch, infeats):
    return np.random.normal(0, 1, size=[batch, infeats])
