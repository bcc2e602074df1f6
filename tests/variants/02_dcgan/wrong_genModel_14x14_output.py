"""Wrong: the last transposed convolution has stride 1, so images are 14x14 and D (28x28) cannot take them."""
# loses: test_genModel test_ganModel test_trainStep_trains_discriminator test_trainStep_freezes_discriminator_for_g test_trainStep_labels

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
    Genmodel.add(Conv2DTranspose(1, kernel_size=(5, 5), strides=(1, 1), padding="same"))
    Genmodel.add(Activation("tanh"))
    return Genmodel
