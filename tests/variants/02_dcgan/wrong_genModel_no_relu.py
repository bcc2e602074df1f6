"""Wrong: no ReLU in the generator: the right layers and parameter count, but everything before the tanh is one linear map."""
# loses: test_genModel

# %% genModel
def genModel(infeats):
    Genmodel = Sequential()
    Genmodel.add(Input(shape=(infeats,)))
    Genmodel.add(Dense(512))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Dense(7 * 7 * 64))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Reshape((7, 7, 64)))
    Genmodel.add(Conv2DTranspose(32, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Genmodel.add(BatchNormalization())
    Genmodel.add(Conv2DTranspose(1, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Genmodel.add(Activation("tanh"))
    return Genmodel
