"""Wrong: sigmoid at the generator's output, so no negative pixels."""
# loses: test_genModel

# %% genModel
def genModel(infeats):
    Genmodel = Sequential()
    Genmodel.add(Input(shape=(infeats,)))
    Genmodel.add(Dense(512))
    Genmodel.add(Activation("relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Dense(7 * 7 * 64))
    Genmodel.add(Activation("relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Reshape((7, 7, 64)))
    Genmodel.add(Conv2DTranspose(32, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Genmodel.add(Activation("relu"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Conv2DTranspose(1, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Genmodel.add(Activation("sigmoid"))
    return Genmodel
