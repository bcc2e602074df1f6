"""Wrong: the real half labelled 0 and the fake half 1."""
# loses: test_trainStep_labels

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    x_real = realData(batch)
    x_fake = fakedataGenerator(Genmodel, batch, infeats)
    X = np.concatenate([x_real, x_fake])
    Y = np.zeros(batch * 2)
    Y[batch:] = 1
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
