"""Wrong: D is trained on the real images only (all labelled 1), never on fakes."""
# loses: test_trainStep_labels

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(realData(batch), np.ones(batch))
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
