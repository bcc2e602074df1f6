"""Wrong: D is unfrozen for its step and left trainable, so the generator's step trains D too."""
# loses: test_trainStep_freezes_discriminator_for_g

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    x_real = realData(batch)
    x_fake = fakedataGenerator(Genmodel, batch, infeats)
    X = np.concatenate([x_real, x_fake])
    Y = np.zeros(batch * 2)
    Y[:batch] = 1
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    # (D is left trainable)
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
