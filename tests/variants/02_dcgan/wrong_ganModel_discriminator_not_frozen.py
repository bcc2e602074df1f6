"""Wrong: ganModel does not freeze D, so training the GAN also trains D."""
# loses: test_ganModel

# %% ganModel
def ganModel(Genmodel, Discmodel):
    Ganmodel = Sequential([Genmodel, Discmodel])
    Ganmodel.compile(loss="binary_crossentropy", optimizer="adam")
    return Ganmodel
