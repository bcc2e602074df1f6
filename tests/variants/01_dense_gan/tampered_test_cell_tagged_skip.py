"""Wrong generator, and its test cell tagged skip-execution (nbclient skips such cells): the course runs it anyway, and it fails."""
# loses: test_build_generator
# tag skip-execution: test_build_generator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    model.add(Dense(28 * 28 * 1, activation="sigmoid"))
    model.add(Reshape((28, 28, 1)))
    return model
