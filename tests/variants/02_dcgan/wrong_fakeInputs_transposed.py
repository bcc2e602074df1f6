"""Wrong: noise of shape (infeats, batch); everything that feeds the generator breaks with it."""
# loses: test_fakeInputs test_fakedataGenerator test_trainStep_trains_discriminator test_trainStep_freezes_discriminator_for_g test_trainStep_labels

# %% fakeInputs
def fakeInputs(batch, infeats):
    return np.random.uniform(-1, 1, size=[infeats, batch])
