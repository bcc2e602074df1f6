"""Wrong: the input size is hard-coded to 100 instead of noise_dim."""
# loses: test_build_generator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(100,)))
    for units in (256, 512, 1024):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="tanh"))
    model.add(Reshape((28, 28, 1)))
    return model
