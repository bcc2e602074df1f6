"""Wrong: one noise row for the whole batch, so every fake in a batch is the same image."""
# loses: test_fakedataGenerator test_trainStep_labels

# %% fakedataGenerator
def fakedataGenerator(Genmodel, batch, infeats):
    image = Genmodel.predict_on_batch(fakeInputs(1, infeats))
    return np.repeat(image, batch, axis=0)
