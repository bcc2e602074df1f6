"""Wrong: the activity's step as published; D was frozen by ganModel before its first train_on_batch, so on Keras 3 it never trains."""
# loses: test_trainStep_trains_discriminator

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    x_real = realData(batch)
    x_fake = fakedataGenerator(Genmodel, batch, infeats)
    X = np.concatenate([x_real, x_fake])
    Y = np.zeros(batch * 2)
    Y[:batch] = 1
    # (D is never unfrozen)
    d_loss = Discmodel.train_on_batch(X, Y)
    
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
