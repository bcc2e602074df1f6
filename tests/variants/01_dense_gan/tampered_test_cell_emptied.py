"""Wrong generator, and its test cell replaced by `pass`: nbgrader restores the test, which fails."""
# loses: test_build_generator

# %% test_build_generator
pass

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    model.add(Dense(28 * 28 * 1, activation="sigmoid"))
    model.add(Reshape((28, 28, 1)))
    return model
