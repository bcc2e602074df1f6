"""Wrong: the generator's input size is hard-coded to 100 instead of infeats."""
# loses: test_genModel

# %% genModel
def genModel(infeats):
    Genmodel = Sequential()
    Genmodel.add(Input(shape=(100,)))
    Genmodel.add(Dense(512, activation="relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Dense(7 * 7 * 64, activation="relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Reshape((7, 7, 64)))
    Genmodel.add(Conv2DTranspose(32, kernel_size=(5, 5), strides=(2, 2), padding="same", activation="relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Conv2DTranspose(1, kernel_size=(5, 5), strides=(2, 2), padding="same", activation="tanh"))
    return Genmodel
