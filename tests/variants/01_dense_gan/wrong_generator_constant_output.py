"""Wrong: every Dense of G starts at zero, so every noise vector gives the same (grey) image."""
# loses: test_build_generator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    for units in (256, 512, 1024):
        model.add(Dense(units, kernel_initializer="zeros"))
        model.add(LeakyReLU(negative_slope=0.2))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="tanh", kernel_initializer="zeros"))
    model.add(Reshape((28, 28, 1)))
    return model
