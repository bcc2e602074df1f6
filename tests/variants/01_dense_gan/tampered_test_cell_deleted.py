"""Wrong generator, and its test cell deleted: nbgrader adds it back (add_missing_cells), and it fails."""
# loses: test_build_generator
# delete: test_build_generator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    model.add(Dense(28 * 28 * 1, activation="sigmoid"))
    model.add(Reshape((28, 28, 1)))
    return model
