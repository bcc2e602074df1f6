"""Wrong: D ends in a linear Dense(1), so its outputs are not probabilities (and once they leave [0, 1], the clipped cross-entropy gives G no gradient)."""
# loses: test_build_discriminator

# %% build_discriminator
def build_discriminator():
    model = Sequential()
    model.add(Input(shape=(28, 28, 1)))
    model.add(Flatten())
    for units in (512, 256):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
    model.add(Dense(1))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
