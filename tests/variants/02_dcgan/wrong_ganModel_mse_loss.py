"""Wrong: the GAN is compiled with mean squared error, not binary cross-entropy on D's probability."""
# loses: test_ganModel

# %% ganModel
def ganModel(Genmodel, Discmodel):
    Discmodel.trainable = False
    Ganmodel = Sequential([Genmodel, Discmodel])
    Ganmodel.compile(loss="mse", optimizer="adam")
    return Ganmodel
