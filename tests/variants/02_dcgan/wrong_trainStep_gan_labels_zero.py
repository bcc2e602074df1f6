"""Wrong: the generator's step uses label 0, so G learns to make D call its fakes fake."""
# loses: test_trainStep_labels

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    X = np.concatenate([realData(batch), fakedataGenerator(Genmodel, batch, infeats)])
    Y = np.concatenate([np.ones(batch), np.zeros(batch)])
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.zeros(batch))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
