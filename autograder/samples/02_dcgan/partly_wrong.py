"""A partly wrong submission: normal noise, and the activity's untoggled trainStep."""
# loses: test_fakeInputs, test_trainStep_trains_discriminator

# %% fakeInputs
def fakeInputs(batch, infeats):
    return np.random.normal(0, 1, size=[batch, infeats])

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    X = np.concatenate([realData(batch), fakedataGenerator(Genmodel, batch, infeats)])
    Y = np.zeros(batch * 2)
    Y[:batch] = 1
    d_loss = Discmodel.train_on_batch(X, Y)
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return d_loss, g_loss
