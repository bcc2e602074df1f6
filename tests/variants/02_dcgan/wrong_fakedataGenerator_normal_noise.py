"""Wrong: fakedataGenerator draws its own normal noise instead of calling fakeInputs, so G sees another input distribution than it is trained on."""
# loses: test_fakedataGenerator

# %% fakedataGenerator
def fakedataGenerator(Genmodel, batch, infeats):
    genInputs = np.random.normal(0, 1, size=[batch, infeats])
    return np.asarray(Genmodel(genInputs, training=False))
