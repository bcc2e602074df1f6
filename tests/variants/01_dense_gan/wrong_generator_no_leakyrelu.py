"""Wrong: G without its LeakyReLUs: the right parameter count and tanh, but linear before it."""
# loses: test_build_generator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    for units in (256, 512, 1024):
        model.add(Dense(units))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="tanh"))
    model.add(Reshape((28, 28, 1)))
    return model
