"""Wrong: returns the noise itself as 'fake data', so the fakes are not images and cannot join the real batch."""
# loses: test_fakedataGenerator test_trainStep_trains_discriminator test_trainStep_freezes_discriminator_for_g test_trainStep_labels

# %% fakedataGenerator
def fakedataGenerator(Genmodel, batch, infeats):
    return fakeInputs(batch, infeats)
