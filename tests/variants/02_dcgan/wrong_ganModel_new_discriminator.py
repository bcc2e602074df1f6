"""Wrong: ganModel stacks the generator on a new discModel() instead of the Discmodel it is given, so G learns to fool a D that never trains."""
# loses: test_ganModel

# %% ganModel
def ganModel(Genmodel, Discmodel):
    frozen = discModel()
    frozen.trainable = False
    Ganmodel = Sequential([Genmodel, frozen])
    Ganmodel.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=0.0002, beta_1=0.5))
    return Ganmodel
