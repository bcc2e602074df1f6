"""Wrong: correct models, but build_generator writes to stderr; the course's filters must not hide that."""
# loses: test_build_generator test_build_gan test_train_step_trains_discriminator

# %% build_generator
def build_generator(noise_dim=100):
    import sys
    print("building the generator", file=sys.stderr)
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    for units in (256, 512, 1024):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="tanh"))
    model.add(Reshape((28, 28, 1)))
    return model
