"""Wrong: trainStep returns (g_loss, d_loss), so the loop plots each loss under the other's name."""
# loses: test_trainStep_trains_discriminator

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    X = np.concatenate([realData(batch), fakedataGenerator(Genmodel, batch, infeats)])
    Y = np.concatenate([np.ones((batch, 1)), np.zeros((batch, 1))])
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones((batch, 1)))
    return g_loss, d_loss
